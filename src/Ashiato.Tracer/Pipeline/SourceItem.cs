namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// What the ring-buffer source hands downstream: a copied record (in a pooled buffer the decoder returns),
/// or a counters snapshot.
/// </summary>
public readonly record struct SourceItem(byte[]? Buffer, int Length, CountersObserved? Counters);
