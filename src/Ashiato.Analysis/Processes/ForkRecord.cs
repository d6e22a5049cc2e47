namespace Ashiato.Analysis.Processes;

/// <summary>
/// One <c>process_fork</c> of a trace: a process that has not exec'd (a subshell, a forked worker), running its
/// parent's image. The tracer writes it when the process first does something or first starts an exec'd child.
/// </summary>
/// <param name="TimestampUs">Microseconds since the Unix epoch.</param>
public sealed record ForkRecord(long Pid, long Ppid, long TimestampUs, string Comm, string Timestamp);
