namespace Ashiato.Tracer.Tests.Support;

/// <param name="Pid">The process id the command ran as.</param>
public sealed record CommandResult(int Pid, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
