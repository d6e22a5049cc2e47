using Ashiato.Events;

namespace Ashiato.Analysis.Diff;

/// <summary>One event's contribution to a profile, before folding.</summary>
/// <param name="Value">The host, path or protocol/port as recorded; for a process access, the target's comm.</param>
/// <param name="Detail">
/// What completes the value: a rename's new path, a chmod's mode, a process access's method. Null for the others.
/// </param>
/// <param name="Job">The GitHub Actions job and step of the process that did it; null outside any job.</param>
public sealed record RawObservation(DiffCategory Category, string Value, string Timestamp, long? Pid, string Comm, string? Detail = null, JobAttribution? Job = null);
