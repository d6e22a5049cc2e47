namespace Ashiato.Query.Sandbox;

/// <summary>How the sandbox runs its workers.</summary>
public sealed record QuerySandboxOptions
{
    /// <summary>Workers kept started and warm, waiting for a query.</summary>
    public int PoolSize { get; init; } = 2;

    /// <summary>Queries running at once; further callers wait their turn.</summary>
    public int MaxConcurrentQueries { get; init; } = 2;

    /// <summary>
    /// The worker program: the <c>Ashiato.Query.Worker</c> executable or its <c>.dll</c>. Default: next to the running
    /// application, where a project reference to Ashiato.Query.Worker puts it.
    /// </summary>
    public string? WorkerPath { get; init; }

    /// <summary>
    /// Run workers as nobody in their own namespaces (<see cref="WorkerIsolation"/>) when the machine allows it (root and
    /// util-linux). The multi-tenant console turns it on; off, workers stay in the caller's namespaces, under DuckDB's
    /// lockdown and the OS limits only.
    /// </summary>
    public bool Isolate { get; init; }

    /// <summary>How long past its deadline a worker may take to stop by itself before it is killed.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(1);
}
