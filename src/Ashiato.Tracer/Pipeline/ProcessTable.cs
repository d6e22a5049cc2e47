using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Pipeline;

/// <summary>Parents of the processes seen so far, learnt from the ppid every kernel record carries.</summary>
public sealed class ProcessTable : IProcessAncestry
{
    private readonly Dictionary<int, int> _parents = [];

    public void Observe(RecordContext context)
    {
        if (context.Ppid != 0)
        {
            _parents[context.Tgid] = context.Ppid;
        }
    }

    public bool TryGetParent(int pid, out int parentPid) => _parents.TryGetValue(pid, out parentPid);
}
