using Ashiato.Query.Execution;
using Ashiato.Query.Loading;

namespace Ashiato.Query.Tests;

/// <summary>Runs SQL in a trusted in-process session and collects the last result as text cells.</summary>
public static class Sql
{
    public static List<string[]> Rows(QuerySession session, string sql)
    {
        var sink = new CollectingSink();
        session.Run(sql, sink, new QueryOptions());
        return sink.Rows;
    }

    public static QuerySession Open(params string[] paths) =>
        QuerySession.Open(TraceInputs.Expand(paths), skipBadLines: false);

    /// <summary>Keeps the rows of the last result as display text.</summary>
    public sealed class CollectingSink : IResultSink
    {
        public IReadOnlyList<QueryColumn> Columns { get; private set; } = [];

        public List<string[]> Rows { get; } = [];

        public ResultSummary? Summary { get; private set; }

        public void BeginResult(IReadOnlyList<QueryColumn> columns)
        {
            Columns = columns;
            Rows.Clear();
        }

        public bool WriteRow(IReadOnlyList<object?> values)
        {
            Rows.Add([.. values.Select((v, i) => Output.CellValues.ToText(v, Columns[i].Type))]);
            return true;
        }

        public void EndResult(ResultSummary summary) => Summary = summary;
    }
}
