using Ashiato.Query.Execution;

namespace Ashiato.Query.Output;

/// <summary>Streams rows as RFC 4180 CSV with a header line; null is an empty field.</summary>
public sealed class CsvResultWriter(TextWriter output) : IResultSink
{
    private static readonly char[] NeedsQuotes = [',', '"', '\n', '\r'];

    private IReadOnlyList<QueryColumn> _columns = [];

    public void BeginResult(IReadOnlyList<QueryColumn> columns)
    {
        _columns = columns;
        output.Write(string.Join(',', columns.Select(c => Escape(c.Name))));
        output.Write("\r\n");
    }

    public bool WriteRow(IReadOnlyList<object?> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }
            output.Write(Escape(CellValues.ToText(values[i], _columns[i].Type)));
        }
        output.Write("\r\n");
        return true;
    }

    public void EndResult(ResultSummary summary) => output.Flush();

    private static string Escape(string field) =>
        field.IndexOfAny(NeedsQuotes) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
