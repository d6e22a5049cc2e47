namespace Ashiato.Tracer.Tests.Support;

/// <summary>The C workload programs, compiled once per test run with gcc.</summary>
public sealed class Workload : IDisposable
{
    public Workload()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ashiato-workload-").FullName;
        Path = Compile("workload");
        TamperPath = Compile("tamper");
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>Workloads/tamper.c: renames, deletes, chmods and accesses to other processes.</summary>
    public string TamperPath { get; }

    private string Compile(string name)
    {
        var output = System.IO.Path.Combine(Directory, name);
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "Workloads", $"{name}.c");
        var result = CommandRunner.Run(["gcc", "-O1", "-Wall", "-o", output, source]);
        return result.ExitCode == 0 ? output : throw new InvalidOperationException($"gcc failed on {name}.c: {result.Stderr}");
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class WorkloadCollection : ICollectionFixture<Workload>
{
    public const string Name = "workload";
}
