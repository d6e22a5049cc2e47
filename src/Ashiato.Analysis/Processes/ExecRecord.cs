namespace Ashiato.Analysis.Processes;

/// <summary>One <c>process_exec</c> of a trace, numbered in time order by <see cref="ExecId"/> (from 1).</summary>
/// <param name="TimestampUs">Microseconds since the Unix epoch.</param>
public sealed record ExecRecord(
    long ExecId,
    long Pid,
    long? Ppid,
    long TimestampUs,
    string Comm,
    string Filename,
    IReadOnlyList<string> Args,
    string Timestamp);
