using Ashiato.Query.Sandbox;
using Ashiato.Web.Backends;

namespace Ashiato.Web.Tests.Support;

/// <summary>
/// The console's Query tab on the real query sandbox (worker processes running DuckDB). The deadline is long on
/// purpose: a cancel that did not reach the worker would then hold its slot for minutes and fail the tests.
/// </summary>
public sealed class SandboxBackends : IDisposable
{
    /// <summary>As many workers as the console's query slots (<see cref="Engines.EngineOptions.QuerySlots"/>).</summary>
    private readonly QuerySandbox _sandbox = new(new QuerySandboxOptions { PoolSize = 3, MaxConcurrentQueries = new Engines.EngineOptions().QuerySlots, Isolate = true });

    public SandboxBackends() => Backends = new ConsoleBackends
    {
        Query = new SandboxQueryRunner(_sandbox, new QueryLimits { Timeout = TimeSpan.FromMinutes(5), CpuTime = TimeSpan.FromMinutes(5) }),
        Examples = new LibraryQueryExamples(),
    };

    public ConsoleBackends Backends { get; }

    /// <summary>The query documented on the product page, verbatim.</summary>
    public static readonly string DocumentedRunnerWorkerQuery = Ashiato.Tests.Shared.DocumentedQuery.RunnerWorkerMemory;

    /// <summary>Runs until cancelled (or for minutes): an endless aggregate over a generated range.</summary>
    public const string LongQuery = "SELECT count(*) FROM range(1000000000000) a, range(1000) b";

    public void Dispose() => _sandbox.Dispose();
}
