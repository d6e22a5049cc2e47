using Ashiato.Tracer.Abi;

namespace Ashiato.Tracer.Kernel;

/// <summary>Loss and truncation counters, summed over CPUs, as read at one moment.</summary>
public sealed record KernelCounters(
    IReadOnlyDictionary<RecordKind, long> RingDrops,
    IReadOnlyDictionary<StatSlot, long> Stats);
