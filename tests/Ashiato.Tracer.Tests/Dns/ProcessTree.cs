using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Dns;

/// <summary>A process table as the tracer would build it from fork and exec events.</summary>
internal sealed class ProcessTree : IProcessAncestry
{
    private readonly Dictionary<int, int> _parents = [];

    public ProcessTree Add(int pid, int parentPid)
    {
        _parents[pid] = parentPid;
        return this;
    }

    public bool TryGetParent(int pid, out int parentPid) => _parents.TryGetValue(pid, out parentPid);
}
