namespace Ashiato.Analysis.Processes;

/// <summary>One process in a finding's ancestry, from the job's root down to the acting process.</summary>
/// <param name="Program">What ran, seen through interpreters: <c>npm</c> for <c>node /usr/bin/npm</c>.</param>
/// <param name="Forked">
/// A process that forked without exec (a subshell): it runs the image of the exec above it, whose program, filename
/// and argv it shows, under its own pid and comm.
/// </param>
public sealed record ProcessStep(long Pid, long? Ppid, string Timestamp, string Comm, string Program, string Filename, IReadOnlyList<string> Args, bool Forked = false)
{
    public static ProcessStep Of(ExecRecord exec) =>
        new(exec.Pid, exec.Ppid, exec.Timestamp, exec.Comm, ProgramNames.Of(exec), exec.Filename, exec.Args);

    /// <param name="image">The exec whose image the forked process runs, when the trace has it.</param>
    public static ProcessStep Of(ForkRecord fork, ExecRecord? image) =>
        new(fork.Pid, fork.Ppid, fork.Timestamp, fork.Comm, image is null ? fork.Comm : ProgramNames.Of(image),
            image?.Filename ?? "", image?.Args ?? [], Forked: true);
}
