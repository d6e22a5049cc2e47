namespace Ashiato.Query.Sandbox;

/// <summary>Worker message sent once the traces are loaded.</summary>
public sealed record WorkerLoad(long Rows, IReadOnlyList<string> Warnings);
