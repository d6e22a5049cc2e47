namespace Ashiato.Analysis.Processes;

/// <summary>One exec in a finding's ancestry, from the job's root down to the acting process.</summary>
/// <param name="Program">What ran, seen through interpreters: <c>npm</c> for <c>node /usr/bin/npm</c>.</param>
public sealed record ProcessStep(long Pid, long? Ppid, string Timestamp, string Comm, string Program, string Filename, IReadOnlyList<string> Args);
