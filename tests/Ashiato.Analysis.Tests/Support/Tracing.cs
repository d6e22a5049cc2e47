using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Analysis.Tests.Support;

/// <summary>Runs the real <c>ashiato</c> CLI built next to the tests.</summary>
public static class Tracing
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "ashiato");

    /// <summary>Traces <paramref name="command"/> with <c>ashiato trace -o</c> and reads the trace back.</summary>
    public static async Task<RecordedTrace> TraceAsync(IReadOnlyList<string> command, string output, string workDirectory, TimeSpan? timeout = null)
    {
        var result = await CommandRunner.RunAsync([Executable, "trace", "-o", output, "--", .. command], timeout ?? TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"the traced workload failed: {result}");
        }
        return RecordedTrace.Read(output, workDirectory);
    }

    public static Task<CommandResult> CliAsync(params string[] arguments) =>
        CommandRunner.RunAsync([Executable, .. arguments], TimeSpan.FromMinutes(2));
}
