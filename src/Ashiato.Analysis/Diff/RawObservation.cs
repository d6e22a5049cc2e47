namespace Ashiato.Analysis.Diff;

/// <summary>One event's contribution to a profile, before folding.</summary>
/// <param name="Value">The host, path or protocol/port as recorded.</param>
public sealed record RawObservation(DiffCategory Category, string Value, string Timestamp, long? Pid, string Comm);
