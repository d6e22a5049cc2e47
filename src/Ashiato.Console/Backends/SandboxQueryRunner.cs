using Ashiato.Query.Sandbox;

namespace Ashiato.Web.Backends;

/// <summary>The Query tab on the query sandbox: every query runs in one of its worker processes, never in the server.</summary>
public sealed class SandboxQueryRunner(QuerySandbox sandbox, QueryLimits limits) : IJobQueryRunner
{
    public async Task<JobQueryOutcome> RunAsync(string tracePath, string sql, CancellationToken ct)
    {
        var result = await sandbox.RunAsync(tracePath, sql, limits, ct);
        if (result.Error is { } error)
        {
            return new JobQueryError(error.Message, error.Position);
        }
        return new JobQueryRows(
            [.. result.Columns.Select(c => new JobQueryColumn(c.Name, c.Type))], result.Rows, result.Truncated, (long)Math.Round(result.ElapsedMs));
    }
}
