namespace Ashiato.Web.Backends;

/// <summary>
/// What one engine process (the rule pack, the baseline diff) may use. A hostile trace of a few MB of gzip once drove
/// one detection child to 7.4 GB with DuckDB's defaults (80% of RAM, every core).
/// </summary>
public sealed record EngineLimits
{
    /// <summary>Wall-clock deadline; the child is killed after it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>CPU time (RLIMIT_CPU): SIGXCPU, then SIGKILL a second later.</summary>
    public TimeSpan CpuTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Private writable memory (RLIMIT_DATA): the .NET heap and DuckDB's allocations, without the runtime's large
    /// PROT_NONE reservations (which RLIMIT_AS would count).
    /// </summary>
    public int MemoryMb { get; init; } = 2048;

    /// <summary>DuckDB's <c>memory_limit</c>, below <see cref="MemoryMb"/> so DuckDB spills or fails cleanly first.</summary>
    public int DuckDbMemoryMb { get; init; } = 768;

    /// <summary>DuckDB threads.</summary>
    public int Threads { get; init; } = 1;
}
