using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Ashiato.Query.Execution;

/// <summary>Reads DuckDB's <c>errors_as_json</c> messages into <see cref="QueryError"/>.</summary>
public static class DuckDbErrors
{
    public static QueryError ToQueryError(DuckDBException exception) => Parse(exception.Message);

    /// <summary>
    /// Parses <c>{"exception_type":"Binder","exception_message":"…","position":"7"}</c>; parser errors come prefixed with
    /// <c>Parser Error: </c>. A message that is not JSON is kept as it is.
    /// </summary>
    public static QueryError Parse(string message)
    {
        var start = message.IndexOf('{', StringComparison.Ordinal);
        if (start >= 0)
        {
            try
            {
                using var document = JsonDocument.Parse(message.AsMemory(start));
                var root = document.RootElement;
                var type = Text(root, "exception_type");
                var text = Text(root, "exception_message")?.TrimEnd() ?? message;
                int? position = int.TryParse(Text(root, "position"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
                var display = type is null ? text : $"{type} Error: {text}";
                return new QueryError(QueryErrorKind.Sql, display, position, type);
            }
            catch (JsonException)
            {
                // Not the JSON form (errors_as_json off, or a message that merely contains a brace): fall through.
            }
        }
        return new QueryError(QueryErrorKind.Sql, message);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
