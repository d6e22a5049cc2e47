namespace Ashiato.Tracer.Dns;

/// <summary>Tells a process's parent, as the tracer's process table knows it (tgids, as seen from the host).</summary>
public interface IProcessAncestry
{
    bool TryGetParent(int pid, out int parentPid);
}
