using System.Diagnostics;
using DuckDB.NET.Data;

namespace Ashiato.Query.Execution;

/// <summary>
/// Runs SQL on an open connection and streams every result set into a sink. Streaming mode keeps memory flat for
/// large results; reading stops at the row cap (the result is then marked truncated).
/// </summary>
public sealed class QueryExecutor(DuckDBConnection connection)
{
    /// <summary>Runs <paramref name="sql"/>. Throws <see cref="QueryException"/> for SQL errors and timeouts, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> stops it.</summary>
    public void Execute(string sql, IResultSink sink, QueryOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.UseStreamingMode = true;
        using var canceller = new CommandCanceller(command, options.Timeout);
        // Registered across the whole read loop: DbCommand's own token support covers only ExecuteReader.
        using var registration = cancellationToken.Register(canceller.CancelNow);
        try
        {
            var clock = Stopwatch.StartNew();
            var described = StatementColumnTypes.Describe(connection, sql);
            using var reader = command.ExecuteReader();
            do
            {
                if (reader.FieldCount == 0)
                {
                    continue;
                }
                var known = described?.Count == reader.FieldCount ? described : null;
                var columns = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => new QueryColumn(reader.GetName(i), known?[i] == "JSON" ? QueryColumn.JsonType : reader.GetDataTypeName(i)))
                    .ToList();
                sink.BeginResult(columns);
                var values = new object?[reader.FieldCount];
                long rows = 0;
                var truncated = false;
                while (reader.Read())
                {
                    if (options.MaxRows is { } cap && rows >= cap)
                    {
                        truncated = true;
                        break;
                    }
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }
                    if (!sink.WriteRow(values))
                    {
                        truncated = true;
                        break;
                    }
                    rows++;
                }
                sink.EndResult(new ResultSummary(rows, truncated, clock.Elapsed));
                if (truncated)
                {
                    return;
                }
            }
            while (reader.NextResult());
        }
        catch (Exception e) when (e is OperationCanceledException or DuckDBException && canceller.Fired)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("the query was cancelled", e, cancellationToken);
            }
            throw new QueryException(new QueryError(QueryErrorKind.Timeout,
                $"the query ran longer than its {options.Timeout?.TotalSeconds:0.###} s limit and was stopped"), e);
        }
        catch (DuckDBException e)
        {
            throw new QueryException(DuckDbErrors.ToQueryError(e), e);
        }
    }
}
