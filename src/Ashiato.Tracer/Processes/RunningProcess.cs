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
    uint? Uid)
{
    /// <summary>The id of the job the process is in (0: none), as tagged in the kernel (see RunningJobs.AttachedJobId).</summary>
    public int Job { get; init; }

    /// <summary>The step's root: the worker's child the process descends from (0 for the worker itself).</summary>
    public int StepRoot { get; init; }

    /// <summary>A step root's identity variables (GITHUB_ACTION, GITHUB_REPOSITORY, ...) from its environment; null for any other process.</summary>
    public IReadOnlyDictionary<string, string>? StepIdentity { get; init; }
}
