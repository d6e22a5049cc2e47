using Ashiato.Query.Sandbox;

namespace Ashiato.Query.Tests;

/// <summary>One sandbox with its worker pool and a compromised job's trace, shared by the sandbox tests.</summary>
public sealed class SandboxFixture : IDisposable
{
    public SandboxFixture()
    {
        Trace = new TestTrace();
        JobPath = Trace.WriteGzip("job.jsonl.gz", TestTrace.CompromisedJob());
        Sandbox = new QuerySandbox(new QuerySandboxOptions { PoolSize = 2, MaxConcurrentQueries = 2 });
    }

    public TestTrace Trace { get; }

    public string JobPath { get; }

    public QuerySandbox Sandbox { get; }

    /// <summary>Tight limits so that bombs and endless queries end within seconds.</summary>
    public static QueryLimits Tight { get; } = new()
    {
        Timeout = TimeSpan.FromSeconds(3),
        CpuTime = TimeSpan.FromSeconds(6),
        DuckDbMemoryMb = 128,
        ProcessMemoryMb = 512,
        MaxRows = 1000,
    };

    public void Dispose()
    {
        Sandbox.Dispose();
        Trace.Dispose();
    }
}
