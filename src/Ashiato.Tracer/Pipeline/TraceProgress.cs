using Ashiato.Events;

namespace Ashiato.Tracer.Pipeline;

/// <summary>Live counts for the status line; written by the sink, read by anyone.</summary>
public sealed class TraceProgress
{
    private readonly long[] _events = new long[Enum.GetValues<EventKind>().Length];
    private long _dropped;

    public long Events(EventKind kind) => Interlocked.Read(ref _events[(int)kind]);

    public long Dropped => Interlocked.Read(ref _dropped);

    internal void CountEvent(EventKind kind) => Interlocked.Increment(ref _events[(int)kind]);

    internal void SetDropped(long total) => Interlocked.Exchange(ref _dropped, total);
}
