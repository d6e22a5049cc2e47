using DuckDB.NET.Data;

namespace Ashiato.Query.Execution;

/// <summary>
/// DuckDB.NET reports a JSON column as Varchar. DESCRIBE of the statement (which binds it without running it) tells
/// them apart, so that JSON output can nest the values (as the duckdb shell's <c>-json</c> mode does) instead of
/// quoting them. Only a single query statement can be described; for anything else nothing is known, and JSON
/// values stay strings.
/// </summary>
internal static class StatementColumnTypes
{
    /// <summary>DuckDB's type name per result column (<c>JSON</c>, <c>VARCHAR</c>, ...), or null.</summary>
    public static IReadOnlyList<string>? Describe(DuckDBConnection connection, string sql)
    {
        // In parentheses, so that a second statement is a syntax error here instead of running; the newline keeps a
        // trailing line comment from swallowing the parenthesis.
        var statement = sql.TrimEnd().TrimEnd(';').TrimEnd();
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE (\n{statement}\n)";
        try
        {
            using var reader = command.ExecuteReader();
            var types = new List<string>();
            while (reader.Read())
            {
                types.Add(reader.GetString(reader.GetOrdinal("column_type")));
            }
            return types;
        }
        catch (DuckDBException)
        {
            return null; // not a single query (SET, CREATE, several statements...) or not valid at all
        }
    }
}
