namespace Ashiato.Web.Backends;

/// <summary>
/// Runs one user's SQL over one job's trace, exposed as <c>events(data JSON)</c>. Implementations must run the SQL
/// outside the server process (the query sandbox's workers): untrusted SQL can crash the process that runs it.
/// Cancelling <paramref name="ct"/> stops the query.
/// </summary>
public interface IJobQueryRunner
{
    Task<JobQueryOutcome> RunAsync(string tracePath, string sql, CancellationToken ct);
}
