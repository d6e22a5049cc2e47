namespace Ashiato.Tracer.Tests.Support.Agent;

/// <summary><c>ashiato agent</c> started as its unit starts it, waited for through its ready file.</summary>
public sealed class RunningAgent : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ashiato-agent-").FullName;

    private RunningAgent(IReadOnlyList<string> arguments)
    {
        ReadyFile = Path.Combine(_directory, "ready");
        Process = new CliProcess(["agent", "--ready-file", ReadyFile, .. arguments]);
        Poll.Until(() => File.Exists(ReadyFile) || Process.HasExited, "the agent to be ready");
        Assert.False(Process.HasExited, $"the agent exited at once: {Process.Output}");
    }

    public CliProcess Process { get; }

    public string ReadyFile { get; }

    /// <summary>A directory of the test's for <c>--out</c>, <c>--spool</c> or the token file.</summary>
    public static string NewDirectory(string name) => Directory.CreateTempSubdirectory($"ashiato-agent-{name}-").FullName;

    public static RunningAgent Start(params string[] arguments) => new(arguments);

    /// <summary>SIGTERM, as systemd stops it; it must exit 0.</summary>
    public void Stop()
    {
        Process.Signal("TERM");
        var exitCode = Process.WaitForExit();
        Assert.True(exitCode == 0, $"the agent exited with {exitCode}: {Process.Output}");
    }

    public void Dispose()
    {
        Process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
