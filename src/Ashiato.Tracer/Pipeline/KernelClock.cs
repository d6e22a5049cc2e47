using System.Diagnostics;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// Turns bpf_ktime_get_ns (CLOCK_MONOTONIC) into wall-clock time, from one reading of both clocks taken
/// when the trace starts. On Linux, Stopwatch reads CLOCK_MONOTONIC in nanoseconds.
/// </summary>
public sealed class KernelClock(DateTimeOffset wallAtReference, long monotonicNsAtReference)
{
    public static KernelClock Now()
    {
        var monotonic = MonotonicNs();
        return new KernelClock(DateTimeOffset.UtcNow, monotonic);
    }

    public static long MonotonicNs() =>
        (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    public DateTimeOffset ToWallClock(ulong ktimeNs) =>
        wallAtReference.AddTicks(((long)ktimeNs - monotonicNsAtReference) / 100);
}
