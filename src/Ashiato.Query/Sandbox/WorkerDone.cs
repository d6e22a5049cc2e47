namespace Ashiato.Query.Sandbox;

/// <summary>Worker message that ends a successful query.</summary>
public sealed record WorkerDone(long Rows, bool Truncated, double ElapsedMs);
