using Ashiato.Query.Execution;

namespace Ashiato.Query.Sandbox;

/// <summary>The messages a caller sees when the sandbox, not DuckDB, ended a query.</summary>
public static class SandboxErrors
{
    public static QueryError Timeout(QueryLimits limits) =>
        new(QueryErrorKind.Timeout, $"the query ran longer than its {limits.Timeout.TotalSeconds:0.###} s limit and was stopped");

    public static QueryError Memory(QueryLimits limits) =>
        new(QueryErrorKind.ResourceLimit, $"the query needed more memory than its {limits.ProcessMemoryMb} MB limit and was stopped");

    public static QueryError Cpu(QueryLimits limits) =>
        new(QueryErrorKind.ResourceLimit, $"the query used more than {limits.CpuTime.TotalSeconds:0.###} s of CPU time and was stopped");

    public static QueryError StackOverflow() =>
        new(QueryErrorKind.WorkerCrashed, "the query crashed the query engine (native stack overflow, e.g. from very deeply nested JSON); nothing else was affected");

    public static QueryError Crashed(int exitCode, string? detail) =>
        new(QueryErrorKind.WorkerCrashed, $"the query engine process stopped unexpectedly (exit code {exitCode}{(string.IsNullOrWhiteSpace(detail) ? "" : ": " + detail)}); nothing else was affected");
}
