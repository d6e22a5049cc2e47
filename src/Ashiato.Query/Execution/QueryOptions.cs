namespace Ashiato.Query.Execution;

/// <summary>Limits applied while executing: a row cap per result (null: none) and a wall-clock deadline (null: none).</summary>
public sealed record QueryOptions(long? MaxRows = null, TimeSpan? Timeout = null);
