namespace Ashiato.Query.Execution;

/// <summary>Receives a result as it streams: columns, then rows one at a time, then the summary.</summary>
public interface IResultSink
{
    void BeginResult(IReadOnlyList<QueryColumn> columns);

    /// <summary>
    /// The values of one row; the list is reused for the next row, so copy what you keep. Returns false to stop
    /// reading (the sink's own budget is spent): the result then ends as truncated.
    /// </summary>
    bool WriteRow(IReadOnlyList<object?> values);

    void EndResult(ResultSummary summary);
}
