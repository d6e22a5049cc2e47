namespace Ashiato.Analysis.Diff;

/// <summary>One behaviour of a run, folded by <see cref="Normalizer"/>: <see cref="Key"/> is what runs are compared
/// on, <see cref="Example"/> the first raw value seen, with who did it and how often.</summary>
public sealed record Observation(DiffCategory Category, string Key, string Example, int Count, string FirstSeen, long? Pid, string Comm);
