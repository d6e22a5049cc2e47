using System.Diagnostics;

namespace FakeRunner.Tests;

public sealed record CommandResult(int ExitCode, string Output, string Error);

/// <summary>Runs a short command to its end, with a deadline, capturing its output.</summary>
public static class CommandLine
{
    public static CommandResult Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish in 60 s");
        }
        return new CommandResult(process.ExitCode, output.Result, error.Result);
    }
}
