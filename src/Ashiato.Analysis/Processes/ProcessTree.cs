namespace Ashiato.Analysis.Processes;

/// <summary>
/// The process lineage of a trace, built from <c>pid</c> and <c>ppid</c>. Pure: built from the trace's execs (snapshot
/// execs of processes already running when tracing started count as their exec), its <c>process_fork</c> records of
/// processes that never exec'd, and, for traces written before those records, the first <c>ppid</c> seen for a pid.
/// </summary>
/// <remarks>
/// Pids are reused, so every lookup is "what this pid was at this time": the latest exec or fork record at or before
/// it, whichever is later (a fork record after the pid's last exec is a new process that got the pid). An exec's
/// parent is the previous exec of the same process (env becoming node) when that one has the same ppid, otherwise the
/// exec of its ppid; a ppid that never exec'd is followed through its own ppid.
/// </remarks>
public sealed class ProcessTree
{
    private const int MaxForkHops = 16;
    private const int MaxDepth = 256;

    private readonly Dictionary<long, ExecRecord> _byId;
    private readonly Dictionary<long, List<ExecRecord>> _byPid;
    private readonly Dictionary<long, List<ForkRecord>> _forksByPid;
    private readonly IReadOnlyDictionary<long, long> _firstPpids;
    private readonly Dictionary<long, Link> _parents = [];

    /// <param name="forks">The trace's <c>process_fork</c> records.</param>
    /// <param name="firstPpids">
    /// Per pid, the first <c>ppid</c> its records carried: the only trace of a fork in traces without fork records.
    /// </param>
    public ProcessTree(IReadOnlyList<ExecRecord> execs, IReadOnlyList<ForkRecord> forks, IReadOnlyDictionary<long, long> firstPpids)
    {
        _byId = execs.ToDictionary(e => e.ExecId);
        _byPid = execs.GroupBy(e => e.Pid).ToDictionary(g => g.Key, g => g.OrderBy(e => e.TimestampUs).ThenBy(e => e.ExecId).ToList());
        _forksByPid = forks.GroupBy(f => f.Pid).ToDictionary(g => g.Key, g => g.OrderBy(f => f.TimestampUs).ToList());
        _firstPpids = firstPpids;
        foreach (var exec in execs)
        {
            _parents[exec.ExecId] = FindParent(exec);
        }
    }

    public IEnumerable<ExecRecord> Execs => _byId.Values.OrderBy(e => e.ExecId);

    public ExecRecord? Get(long execId) => _byId.GetValueOrDefault(execId);

    public long? ParentOf(long execId) => _parents.GetValueOrDefault(execId)?.Exec?.ExecId;

    /// <summary>The exec whose image a process was running at <paramref name="timestampUs"/>.</summary>
    /// <param name="ppid">The event's own ppid, when it has one: it tells a reused pid from the process that exec'd.</param>
    public ExecRecord? ExecAt(long pid, long timestampUs, long? ppid)
    {
        var (own, fork) = ImageAt(pid, timestampUs);
        if (own is not null && (ppid is null || own.Ppid is null || own.Ppid == ppid))
        {
            return own;
        }
        var parentPid = fork?.Ppid ?? ppid ?? (_firstPpids.TryGetValue(pid, out var first) ? first : (long?)null);
        var parent = parentPid is { } p ? ExecOfAncestor(p, timestampUs).Exec : null;
        // A parent above the process's own image is the same process, reparented when its parent exited.
        return parent is null || (own is not null && Ancestry(own.ExecId).Contains(parent)) ? own : parent;
    }

    /// <summary>The exec a <c>process_fork</c> record's process runs the image of: its nearest ancestor's.</summary>
    public ExecRecord? ImageOf(ForkRecord fork) => ExecOfAncestor(fork.Ppid, fork.TimestampUs).Exec;

    /// <summary>The exec chain from the oldest known ancestor down to <paramref name="execId"/> itself.</summary>
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

    /// <summary>
    /// Every process from the oldest known ancestor down to the one that acted: the execs of <see cref="Ancestry"/> and,
    /// between them, the processes that forked without exec (a subshell between a script and what it ran). When
    /// <paramref name="actingPid"/> is itself such a process under <paramref name="execId"/>, it ends the chain.
    /// </summary>
    public IReadOnlyList<ProcessStep> Lineage(long execId, long? actingPid = null, long actingTimestampUs = long.MaxValue)
    {
        var steps = new List<ProcessStep>();
        var execs = Ancestry(execId);
        foreach (var exec in execs)
        {
            AddForks(steps, _parents.GetValueOrDefault(exec.ExecId)?.Forks ?? [], _byId.GetValueOrDefault(ParentOf(exec.ExecId) ?? 0));
            steps.Add(ProcessStep.Of(exec));
        }
        if (actingPid is { } pid && execs.Count > 0 && pid != execs[^1].Pid)
        {
            var (own, fork) = ImageAt(pid, actingTimestampUs);
            if (own is null && fork is not null)
            {
                var (image, forks) = ExecOfAncestor(fork.Ppid, actingTimestampUs);
                if (image?.ExecId == execId)
                {
                    AddForks(steps, [fork, .. forks], image);
                }
            }
        }
        return steps;
    }

    /// <summary>Adds fork hops, collected child first, in root-to-leaf order.</summary>
    private static void AddForks(List<ProcessStep> steps, IReadOnlyList<ForkRecord> childFirst, ExecRecord? image)
    {
        for (var i = childFirst.Count - 1; i >= 0; i--)
        {
            steps.Add(ProcessStep.Of(childFirst[i], image));
        }
    }

    private Link FindParent(ExecRecord exec)
    {
        var previous = LatestExec(exec.Pid, exec.TimestampUs, before: exec);
        // The previous image of the same process, unless the pid went to another one in between: another parent, or a
        // fork record after that image.
        var reused = previous is not null && LatestFork(exec.Pid, exec.TimestampUs) is { } fork && fork.TimestampUs > previous.TimestampUs;
        if (previous is not null && previous.Ppid == exec.Ppid && !reused)
        {
            return new Link(previous, []);
        }
        return exec.Ppid is { } ppid && ppid != exec.Pid ? ExecOfAncestor(ppid, exec.TimestampUs) : new Link(null, []);
    }

    /// <summary>The nearest exec up the chain from <paramref name="pid"/>, and the fork records passed on the way.</summary>
    private Link ExecOfAncestor(long pid, long timestampUs)
    {
        var seen = new HashSet<long>();
        var forks = new List<ForkRecord>();
        for (var hops = 0; hops < MaxForkHops && seen.Add(pid); hops++)
        {
            var (exec, fork) = ImageAt(pid, timestampUs);
            if (exec is not null)
            {
                return new Link(exec, forks);
            }
            if (fork is not null)
            {
                forks.Add(fork);
                pid = fork.Ppid;
                continue;
            }
            if (!_firstPpids.TryGetValue(pid, out var parent))
            {
                break;
            }
            pid = parent;
        }
        return new Link(null, forks);
    }

    /// <summary>
    /// What <paramref name="pid"/> was at <paramref name="timestampUs"/>: an exec, or a process that forked without
    /// exec. A fork record is written lazily (when the process first acts or first starts a child), so with no image
    /// at or before the time, a later fork record still names a pid that had no exec then.
    /// </summary>
    private (ExecRecord? Exec, ForkRecord? Fork) ImageAt(long pid, long timestampUs)
    {
        var exec = LatestExec(pid, timestampUs);
        var fork = LatestFork(pid, timestampUs);
        if (fork is not null && (exec is null || fork.TimestampUs > exec.TimestampUs))
        {
            return (null, fork);
        }
        if (exec is not null)
        {
            return (exec, null);
        }
        return (null, _forksByPid.TryGetValue(pid, out var later) ? later[0] : null);
    }

    private ForkRecord? LatestFork(long pid, long timestampUs)
    {
        if (!_forksByPid.TryGetValue(pid, out var forks))
        {
            return null;
        }
        ForkRecord? latest = null;
        foreach (var fork in forks)
        {
            if (fork.TimestampUs > timestampUs)
            {
                break;
            }
            latest = fork;
        }
        return latest;
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

    /// <summary>An exec's parent exec and the processes between them that forked without exec, child first.</summary>
    private sealed record Link(ExecRecord? Exec, IReadOnlyList<ForkRecord> Forks);
}
