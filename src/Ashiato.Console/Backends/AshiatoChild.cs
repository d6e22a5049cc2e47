using System.Diagnostics;

namespace Ashiato.Web.Backends;

/// <summary>
/// Runs an <c>ashiato</c> subcommand in a child process and returns what it printed. Engines that run DuckDB (the rule
/// pack, the baseline diff) go through here, so DuckDB never runs in the server process. The child gets a minimal
/// environment, without the server's secrets, and is killed at the deadline.
/// </summary>
/// <param name="ashiato">How to start <c>ashiato</c>: its executable, or <c>dotnet exec …/ashiato.dll</c>.</param>
public sealed class AshiatoChild(IReadOnlyList<string> ashiato, TimeSpan timeout)
{
    /// <summary>Runs <paramref name="arguments"/>; an exit code outside <paramref name="successCodes"/> is a failure.</summary>
    public async Task<string> RunAsync(string what, IEnumerable<string> arguments, IReadOnlyCollection<int> successCodes, CancellationToken ct)
    {
        using var process = Process.Start(StartInfo(arguments)) ?? throw new EngineUnavailableException($"{what} could not be started");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            throw new EngineUnavailableException($"{what} did not finish within {timeout.TotalSeconds:0} s");
        }
        if (!successCodes.Contains(process.ExitCode))
        {
            var reason = (await stderr).Trim().Split('\n')[0];
            throw new EngineUnavailableException($"{what} failed (exit {process.ExitCode}): {reason}");
        }
        return await stdout;
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(ashiato[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in ashiato.Skip(1).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        var keep = start.Environment.Where(e => e.Key is "PATH" or "LANG" or "HOME" || e.Key.StartsWith("DOTNET_ROOT", StringComparison.Ordinal)).ToList();
        start.Environment.Clear();
        foreach (var (key, value) in keep)
        {
            start.Environment[key] = value;
        }
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }
}
