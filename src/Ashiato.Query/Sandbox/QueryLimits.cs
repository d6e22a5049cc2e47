namespace Ashiato.Query.Sandbox;

/// <summary>What one sandboxed query may use. The defaults suit the console's Query tab.</summary>
public sealed record QueryLimits
{
    /// <summary>Rows returned at most; a longer result comes back with <see cref="QueryResult.Truncated"/> set.</summary>
    public int MaxRows { get; init; } = 10_000;

    /// <summary>Bytes of serialized rows returned at most (a few huge cells also truncate the result).</summary>
    public long MaxResultBytes { get; init; } = 32L << 20;

    /// <summary>Wall-clock deadline for loading the trace plus running the query.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>CPU time the worker may burn for this query before the kernel stops it (RLIMIT_CPU).</summary>
    public TimeSpan CpuTime { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>DuckDB's <c>memory_limit</c>: bounds the buffer manager (sorts, joins, tables).</summary>
    public int DuckDbMemoryMb { get; init; } = 512;

    /// <summary>
    /// The OS cap on the worker's data memory above its idle baseline (RLIMIT_DATA), which also bounds what
    /// <c>memory_limit</c> does not: huge strings and materialized results.
    /// </summary>
    public int ProcessMemoryMb { get; init; } = 1536;

    /// <summary>DuckDB threads for this query.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Load a trace with malformed lines anyway, skipping them (reported in <see cref="QueryResult.Warnings"/>).</summary>
    public bool SkipBadLines { get; init; }
}
