using System.Diagnostics;

namespace Ashiato.Release.Tests;

public sealed record CommandResult(int ExitCode, string Output, string Error);

/// <summary>Runs a program to completion, optionally with only the environment given; kills it on timeout.</summary>
public static class Command
{
    public static CommandResult Run(
        IReadOnlyList<string> argv, IReadOnlyDictionary<string, string>? onlyEnvironment = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }
        if (onlyEnvironment is not null)
        {
            start.Environment.Clear();
            foreach (var (name, value) in onlyEnvironment)
            {
                start.Environment[name] = value;
            }
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {argv[0]}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', argv)} did not finish in time");
        }
        process.WaitForExit();
        return new CommandResult(process.ExitCode, output.Result, error.Result);
    }
}
