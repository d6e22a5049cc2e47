namespace Ashiato.Query.Execution;

/// <summary>The text a terminal shows for a failed query: DuckDB's message, then the SQL line with a caret.</summary>
public static class QueryErrorText
{
    public static string Describe(QueryError error, string sql) => error.Position is { } position
        ? $"{error.Message}\n{SqlPositionPointer.Render(sql, position)}"
        : error.Message;
}
