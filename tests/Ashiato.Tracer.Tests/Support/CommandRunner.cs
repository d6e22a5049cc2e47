using System.Diagnostics;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>Runs a command to completion and captures its output; kills it on timeout so a test never hangs.</summary>
public static class CommandRunner
{
    /// <summary>Long enough for a traced build step; a test that needs longer says so.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    public static CommandResult Run(IReadOnlyList<string> argv, TimeSpan? timeout = null, string? workingDirectory = null) =>
        RunAsync(argv, timeout ?? DefaultTimeout, workingDirectory).GetAwaiter().GetResult();

    public static async Task<CommandResult> RunAsync(IReadOnlyList<string> argv, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {argv[0]}");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{string.Join(' ', argv)} did not finish within {timeout}: {await stderr}");
        }

        return new CommandResult(process.Id, process.ExitCode, await stdout, await stderr);
    }
}
