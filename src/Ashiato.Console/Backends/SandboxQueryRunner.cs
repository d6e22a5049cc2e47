using Ashiato.Query.Execution;
using Ashiato.Query.Sandbox;

namespace Ashiato.Web.Backends;

/// <summary>
/// The Query tab on the query sandbox: every query runs in one of its worker processes, never in the server. A worker's
/// crash reaches the user as one fixed sentence: its own text (stderr, runtime messages) is the engine's internals.
/// </summary>
public sealed class SandboxQueryRunner(QuerySandbox sandbox, QueryLimits limits) : IJobQueryRunner
{
    public const string CrashMessage = "the query stopped the query engine (for example with very deeply nested JSON); nothing else was affected";

    public async Task<JobQueryOutcome> RunAsync(string tracePath, string sql, CancellationToken ct)
    {
        var result = await sandbox.RunAsync(tracePath, sql, limits, ct);
        if (result.Error is { } error)
        {
            return error.Kind == QueryErrorKind.WorkerCrashed
                ? new JobQueryError(CrashMessage, null, error.Message)
                : new JobQueryError(error.Message, error.Position);
        }
        return new JobQueryRows(
            [.. result.Columns.Select(c => new JobQueryColumn(c.Name, c.Type))], result.Rows, result.Truncated, (long)Math.Round(result.ElapsedMs));
    }
}
