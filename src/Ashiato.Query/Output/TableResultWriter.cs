using System.Globalization;
using Ashiato.Query.Execution;

namespace Ashiato.Query.Output;

/// <summary>
/// Prints aligned columns. Widths come from the first <see cref="WidthSampleRows"/> rows, which are held back until
/// then; later rows stream with the same widths, so a large result is never held in memory. Long cells are cut
/// with an ellipsis; the footer gives the row count and elapsed time.
/// </summary>
public sealed class TableResultWriter(TextWriter output, int maxCellWidth = 48) : IResultSink
{
    public const int WidthSampleRows = 200;

    private readonly List<string[]> _sample = [];
    private IReadOnlyList<QueryColumn> _columns = [];
    private int[]? _widths;
    private bool[] _rightAligned = [];

    public void BeginResult(IReadOnlyList<QueryColumn> columns)
    {
        _columns = columns;
        _sample.Clear();
        _widths = null;
        _rightAligned = [.. columns.Select(c => IsNumeric(c.Type))];
    }

    public bool WriteRow(IReadOnlyList<object?> values)
    {
        var cells = new string[values.Count];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = Shorten(CellValues.ToText(values[i], _columns[i].Type));
        }
        if (_widths is null)
        {
            _sample.Add(cells);
            if (_sample.Count >= WidthSampleRows)
            {
                PrintHeaderAndSample();
            }
            return true;
        }
        PrintRow(cells);
        return true;
    }

    public void EndResult(ResultSummary summary)
    {
        if (_widths is null)
        {
            PrintHeaderAndSample();
        }
        var rows = summary.Rows == 1 ? "1 row" : $"{summary.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows";
        var truncated = summary.Truncated ? ", truncated at the row limit" : "";
        output.WriteLine($"({rows}{truncated}, {summary.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms)");
        output.Flush();
    }

    private void PrintHeaderAndSample()
    {
        _widths = [.. _columns.Select((c, i) => Math.Max(Math.Max(1, Shorten(c.Name).Length), _sample.Count == 0 ? 0 : _sample.Max(r => r[i].Length)))];
        PrintRow([.. _columns.Select(c => Shorten(c.Name))], header: true);
        output.WriteLine(string.Join("-+-", _widths.Select(w => new string('-', w))));
        foreach (var row in _sample)
        {
            PrintRow(row);
        }
        _sample.Clear();
    }

    private void PrintRow(string[] cells, bool header = false)
    {
        var widths = _widths!;
        var parts = new string[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = cells[i].Length > widths[i] ? cells[i][..(widths[i] - 1)] + "…" : cells[i];
            parts[i] = _rightAligned[i] && !header ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]);
        }
        output.WriteLine(string.Join(" | ", parts).TrimEnd());
    }

    private string Shorten(string text)
    {
        text = text.ReplaceLineEndings("↵");
        return text.Length <= maxCellWidth ? text : text[..(maxCellWidth - 1)] + "…";
    }

    private static bool IsNumeric(string type) => type is "TinyInt" or "SmallInt" or "Integer" or "BigInt" or "HugeInt"
        or "UnsignedTinyInt" or "UnsignedSmallInt" or "UnsignedInteger" or "UnsignedBigInt" or "UnsignedHugeInt"
        or "Float" or "Double" or "Decimal";
}
