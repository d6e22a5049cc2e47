namespace Ashiato.Tracer.Processes;

/// <summary>
/// A process found in /proc when tracing starts. Fields a process took with it as it exited mid-scan are null (or
/// empty args): what was read is still worth a record, since its children name it as parent.
/// </summary>
public sealed record RunningProcess(
    int Pid,
    int Ppid,
    string Comm,
    DateTimeOffset StartTime,
    string? Exe,
    IReadOnlyList<string> Args,
    string? Cwd,
    uint? Uid);
