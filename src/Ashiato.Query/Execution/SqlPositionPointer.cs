namespace Ashiato.Query.Execution;

/// <summary>Renders the SQL line an error points at, with a caret under the character, the way DuckDB's shell does.</summary>
public static class SqlPositionPointer
{
    public static string Render(string sql, int position)
    {
        position = Math.Clamp(position, 0, sql.Length);
        var lineStart = sql.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
        if (position == 0)
        {
            lineStart = 0;
        }
        var lineEnd = sql.IndexOf('\n', lineStart);
        var line = sql[lineStart..(lineEnd < 0 ? sql.Length : lineEnd)].TrimEnd('\r');
        var lineNumber = sql.AsSpan(0, lineStart).Count('\n') + 1;
        var prefix = $"LINE {lineNumber}: ";
        var column = position - lineStart;
        var indent = new string(' ', prefix.Length) + new string([.. line.Take(column).Select(c => c == '\t' ? '\t' : ' ')]);
        return $"{prefix}{line}\n{indent}^";
    }
}
