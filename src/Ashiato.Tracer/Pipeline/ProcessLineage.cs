using Ashiato.Events;
using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// Who descends from whom, for every process the trace can name: from fork records, execs and the attach-time
/// snapshot. It decides each record's <c>ppid</c> (the process that forked it, which a daemon keeps after its parent
/// exits) and writes a <see cref="ProcessFork"/> for a process that never exec'd the first time it matters: before its
/// own first record, or before the exec of a descendant. Then every pid and ppid in a trace resolves to its root.
/// Pure: records in, records out.
/// </summary>
/// <param name="attribute">Names the job and step of a written fork (see <see cref="Jobs.JobTracker"/>).</param>
public sealed class ProcessLineage(Func<RecordContext, JobAttribution?> attribute) : IProcessAncestry
{
    private readonly Dictionary<int, Entry> _processes = [];

    /// <summary>Processes the lineage holds: live ones, and ended ones a live descendant still names.</summary>
    public int Count => _processes.Count;

    public bool TryGetParent(int pid, out int parentPid)
    {
        if (_processes.TryGetValue(pid, out var entry) && entry.Parent != 0)
        {
            parentPid = entry.Parent;
            return true;
        }
        parentPid = 0;
        return false;
    }

    /// <summary>The parent to write for <paramref name="context"/>'s process: the forker when known, else the kernel's.</summary>
    public int ParentOf(RecordContext context) =>
        _processes.TryGetValue(context.Tgid, out var entry) && entry.Parent != 0 ? entry.Parent : context.Ppid;

    /// <summary>A new process: held back until it matters.</summary>
    public void Forked(ForkObserved fork)
    {
        var pid = fork.Context.Tgid;
        if (_processes.TryGetValue(pid, out var reused))
        {
            // The pid came round again while descendants of its former owner still live: detach them from it.
            Detach(pid, reused);
        }
        var entry = new Entry(fork.Context.Ppid, fork.Context.Comm, fork.Context, written: false);
        _processes[pid] = entry;
        if (_processes.TryGetValue(entry.Parent, out var parent))
        {
            parent.Children++;
        }
    }

    /// <summary>
    /// A process execs (or is found running at attach time): its ancestors' forks are written first, and from now
    /// on it needs no fork record of its own.
    /// </summary>
    public void Execed(int pid, int fallbackParent, string comm, ICollection<TraceRecord> output, KernelClock clock)
    {
        if (_processes.TryGetValue(pid, out var entry))
        {
            entry.Written = true;
            entry.Comm = comm;
        }
        else
        {
            entry = new Entry(fallbackParent, comm, null, written: true);
            _processes[pid] = entry;
            if (_processes.TryGetValue(fallbackParent, out var parent))
            {
                parent.Children++;
            }
        }
        WritePending(entry.Parent, output, clock);
    }

    /// <summary>Before any other record of <paramref name="pid"/>: its fork, and its unwritten ancestors', go first.</summary>
    public void BeforeRecordOf(int pid, ICollection<TraceRecord> output, KernelClock clock) =>
        WritePending(pid, output, clock);

    public void Exited(int pid)
    {
        if (_processes.TryGetValue(pid, out var entry))
        {
            entry.Exited = true;
            Release(pid, entry);
        }
    }

    private void WritePending(int pid, ICollection<TraceRecord> output, KernelClock clock)
    {
        // Walk up to the first written (or unknown) ancestor, then write the forks from the top down.
        var pending = new List<(int Pid, Entry Entry)>();
        while (pid != 0 && _processes.TryGetValue(pid, out var entry) && !entry.Written && pending.Count < _processes.Count)
        {
            pending.Add((pid, entry));
            pid = entry.Parent;
        }
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            var (forkedPid, entry) = pending[i];
            entry.Written = true;
            output.Add(new ProcessFork
            {
                Timestamp = clock.ToWallClock(entry.Fork?.KtimeNs ?? 0),
                Pid = forkedPid,
                Comm = entry.Comm,
                Ppid = entry.Parent,
                Job = entry.Fork is { } fork ? attribute(fork) : null,
            });
        }
    }

    /// <summary>An ended process is kept while a descendant may still name it as parent.</summary>
    private void Release(int pid, Entry entry)
    {
        while (entry.Exited && entry.Children == 0 && _processes.Remove(pid))
        {
            if (!_processes.TryGetValue(entry.Parent, out var parent))
            {
                return;
            }
            parent.Children--;
            pid = entry.Parent;
            entry = parent;
        }
    }

    private void Detach(int pid, Entry former)
    {
        _processes.Remove(pid);
        if (_processes.TryGetValue(former.Parent, out var parent))
        {
            parent.Children--;
            Release(former.Parent, parent);
        }
    }

    private sealed class Entry(int parent, string comm, RecordContext? fork, bool written)
    {
        public int Parent { get; } = parent;

        public string Comm { get; set; } = comm;

        /// <summary>The fork record, for a process the lineage learnt of from one.</summary>
        public RecordContext? Fork { get; } = fork;

        public bool Written { get; set; } = written;

        public bool Exited { get; set; }

        /// <summary>Entries in the lineage whose parent this is.</summary>
        public int Children { get; set; }
    }
}
