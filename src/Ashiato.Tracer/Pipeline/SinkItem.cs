using Ashiato.Events;

namespace Ashiato.Tracer.Pipeline;

/// <summary>What reaches the sink: an event to write, or the counters that become tracer_stats.</summary>
public readonly record struct SinkItem(TraceRecord? Event, CountersObserved? Counters);
