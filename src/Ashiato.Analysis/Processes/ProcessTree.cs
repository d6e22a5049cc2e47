namespace Ashiato.Analysis.Processes;

/// <summary>
/// The exec chain of a trace, built from <c>pid</c> and <c>ppid</c>. Pure: built from the trace's execs and, for
/// processes that forked without exec (a shell's subshell), the first <c>ppid</c> seen for their pid.
/// </summary>
/// <remarks>
/// Pids are reused, so every lookup is "the latest exec of this pid at or before this time". An exec's parent is the
/// previous exec of the same process (env becoming node) when that one has the same ppid, otherwise the exec of its
/// ppid; a ppid that never exec'd is followed through its own ppid.
/// </remarks>
public sealed class ProcessTree
{
    private const int MaxForkHops = 16;
    private const int MaxDepth = 256;

    private readonly Dictionary<long, ExecRecord> _byId;
    private readonly Dictionary<long, List<ExecRecord>> _byPid;
    private readonly IReadOnlyDictionary<long, long> _forkParents;
    private readonly Dictionary<long, long?> _parents = [];

    public ProcessTree(IReadOnlyList<ExecRecord> execs, IReadOnlyDictionary<long, long> forkParents)
    {
        _byId = execs.ToDictionary(e => e.ExecId);
        _byPid = execs.GroupBy(e => e.Pid).ToDictionary(g => g.Key, g => g.OrderBy(e => e.TimestampUs).ThenBy(e => e.ExecId).ToList());
        _forkParents = forkParents;
        foreach (var exec in execs)
        {
            _parents[exec.ExecId] = FindParent(exec);
        }
    }

    public IEnumerable<ExecRecord> Execs => _byId.Values.OrderBy(e => e.ExecId);

    public ExecRecord? Get(long execId) => _byId.GetValueOrDefault(execId);

    public long? ParentOf(long execId) => _parents.GetValueOrDefault(execId);

    /// <summary>The exec whose image a process was running at <paramref name="timestampUs"/>.</summary>
    /// <param name="ppid">The event's own ppid, when it has one: it tells a reused pid from the process that exec'd.</param>
    public ExecRecord? ExecAt(long pid, long timestampUs, long? ppid)
    {
        var own = LatestExec(pid, timestampUs);
        if (own is not null && (ppid is null || own.Ppid is null || own.Ppid == ppid))
        {
            return own;
        }
        var parentPid = ppid ?? (_forkParents.TryGetValue(pid, out var forked) ? forked : (long?)null);
        return (parentPid is { } p ? ExecOfAncestor(p, timestampUs) : null) ?? own;
    }

    /// <summary>The chain from the oldest known ancestor down to <paramref name="execId"/> itself.</summary>
    public IReadOnlyList<ExecRecord> Ancestry(long execId)
    {
        var chain = new List<ExecRecord>();
        var seen = new HashSet<long>();
        for (long? id = execId; id is { } current && chain.Count < MaxDepth && seen.Add(current); id = ParentOf(current))
        {
            chain.Add(_byId[current]);
        }
        chain.Reverse();
        return chain;
    }

    private long? FindParent(ExecRecord exec)
    {
        var previous = LatestExec(exec.Pid, exec.TimestampUs, before: exec);
        if (previous is not null && previous.Ppid == exec.Ppid)
        {
            return previous.ExecId;
        }
        return exec.Ppid is { } ppid && ppid != exec.Pid ? ExecOfAncestor(ppid, exec.TimestampUs)?.ExecId : null;
    }

    private ExecRecord? ExecOfAncestor(long pid, long timestampUs)
    {
        var seen = new HashSet<long>();
        for (var hops = 0; hops < MaxForkHops && seen.Add(pid); hops++)
        {
            if (LatestExec(pid, timestampUs) is { } exec)
            {
                return exec;
            }
            if (!_forkParents.TryGetValue(pid, out var parent))
            {
                return null;
            }
            pid = parent;
        }
        return null;
    }

    private ExecRecord? LatestExec(long pid, long timestampUs, ExecRecord? before = null)
    {
        if (!_byPid.TryGetValue(pid, out var execs))
        {
            return null;
        }
        ExecRecord? latest = null;
        foreach (var exec in execs)
        {
            if (exec.TimestampUs > timestampUs || exec == before)
            {
                break;
            }
            latest = exec;
        }
        return latest;
    }
}
