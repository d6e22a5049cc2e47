namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// What the ring-buffer source hands downstream: a batch of copied records (the decoder disposes it), or a
/// counters snapshot.
/// </summary>
internal readonly record struct SourceItem(RecordBatch? Records, CountersObserved? Counters);
