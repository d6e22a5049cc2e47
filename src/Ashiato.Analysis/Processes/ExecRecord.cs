using Ashiato.Events;

namespace Ashiato.Analysis.Processes;

/// <summary>One <c>process_exec</c> of a trace, numbered in time order by <see cref="ExecId"/> (from 1).</summary>
/// <param name="TimestampUs">Microseconds since the Unix epoch.</param>
/// <param name="Job">The GitHub Actions job and step the process belongs to; null outside any job.</param>
public sealed record ExecRecord(
    long ExecId,
    long Pid,
    long? Ppid,
    long TimestampUs,
    string Comm,
    string Filename,
    IReadOnlyList<string> Args,
    string Timestamp,
    JobAttribution? Job = null);
