using System.Diagnostics;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>The C workload program, compiled once per test run with gcc.</summary>
public sealed class Workload : IDisposable
{
    public Workload()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ashiato-workload-").FullName;
        Path = System.IO.Path.Combine(Directory, "workload");
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "Workloads", "workload.c");
        var result = Run.Capture("gcc", ["-O1", "-Wall", "-o", Path, source]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc failed: {result.Stderr}");
        }
    }

    public string Directory { get; }

    public string Path { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class WorkloadCollection : ICollectionFixture<Workload>
{
    public const string Name = "workload";
}

public sealed record RunResult(int ExitCode, string Stdout, string Stderr);

public static class Run
{
    public static RunResult Capture(string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish");
        }
        return new RunResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
