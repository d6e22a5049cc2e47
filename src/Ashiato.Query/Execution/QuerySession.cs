using Ashiato.Query.Loading;
using DuckDB.NET.Data;

namespace Ashiato.Query.Execution;

/// <summary>
/// A trusted, in-process query session over loaded traces: what <c>ashiato query</c> uses for the user's own SQL on
/// their own machine. Untrusted SQL goes through <see cref="Sandbox.QuerySandbox"/> instead.
/// </summary>
public sealed class QuerySession : IDisposable
{
    private readonly DuckDBConnection _connection;

    private QuerySession(DuckDBConnection connection, LoadReport load)
    {
        _connection = connection;
        Load = load;
    }

    public LoadReport Load { get; }

    public static QuerySession Open(IReadOnlyList<TraceInput> sources, bool skipBadLines)
    {
        var connection = QueryDatabase.OpenInMemory();
        try
        {
            var load = new TraceLoader(connection).Load(sources, skipBadLines);
            return new QuerySession(connection, load);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A session over a job store (<see cref="Store.JobStore"/>): the same tables, read from Parquet.</summary>
    public static QuerySession OpenStore(string directory)
    {
        var connection = QueryDatabase.OpenInMemory();
        try
        {
            var manifest = Store.JobStore.Attach(connection, directory);
            return new QuerySession(connection, new LoadReport(manifest.Tables[Store.JobStore.EventsTable], manifest.SkippedLines, []));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Run(string sql, IResultSink sink, QueryOptions options, CancellationToken cancellationToken = default) =>
        new QueryExecutor(_connection).Execute(sql, sink, options, cancellationToken);

    public void Dispose() => _connection.Dispose();
}
