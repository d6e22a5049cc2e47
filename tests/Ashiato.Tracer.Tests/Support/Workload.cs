namespace Ashiato.Tracer.Tests.Support;

/// <summary>The C workload program, compiled once per test run with gcc.</summary>
public sealed class Workload : IDisposable
{
    public Workload()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ashiato-workload-").FullName;
        Path = System.IO.Path.Combine(Directory, "workload");
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "Workloads", "workload.c");
        var result = CommandRunner.Run(["gcc", "-O1", "-Wall", "-o", Path, source]);
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
