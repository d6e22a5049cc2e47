using System.Text.Json;
using System.Text.Unicode;
using Ashiato.Events.Jsonl;
using Ashiato.Query.Loading;

namespace Ashiato.Web.Ingest;

/// <summary>
/// Checks one uploaded line against the contract's types, beyond <see cref="TraceLineValidator"/>'s shape: valid
/// UTF-8, nesting no deeper than <see cref="MaxDepth"/>, and every typed field of its record type (the columns the query
/// views cast, <see cref="EventsSchema.RecordFields"/>) of its JSON kind. A trace could otherwise be accepted and then
/// break the job's views, hiding its own evidence. Pure: returns a reason to show after the line number, or null.
/// </summary>
public static class TraceLineContract
{
    /// <summary>Real records nest three levels at most (tracer_stats counters); 32 leaves room for additions.</summary>
    public const int MaxDepth = 32;

    private enum Kind
    {
        Text,
        Integer,
        Boolean,
        TextArray,
        TextMap,
        Counters,
    }

    private static readonly Dictionary<string, Dictionary<string, Kind>> FieldsByType = BuildFields();

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth };

    public static string? Check(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            return "not valid UTF-8";
        }
        if (TraceLineValidator.Validate(utf8) is { } shape)
        {
            return shape;
        }
        try
        {
            return FieldsByType.TryGetValue(TypeOf(utf8), out var fields) ? CheckFields(utf8, fields) : CheckDepth(utf8);
        }
        catch (JsonException)
        {
            return $"JSON nested deeper than {MaxDepth} levels";
        }
    }

    private static string TypeOf(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType)
            {
                return reader.GetString()!;
            }
            reader.Skip();
        }
        return "";
    }

    private static string? CheckDepth(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        reader.Read();
        reader.Skip();
        return null;
    }

    private static string? CheckFields(ReadOnlySpan<byte> utf8, Dictionary<string, Kind> fields)
    {
        var lookup = fields.GetAlternateLookup<ReadOnlySpan<char>>();
        var reader = new Utf8JsonReader(utf8, Options);
        reader.Read();
        // Room for any field name of up to 64 characters, even written entirely as \uXXXX escapes.
        Span<char> name = stackalloc char[64 * 6];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Unescaped, as DuckDB's '$.pid' matches "p\u0069d" too; a longer name is no typed field.
            string? field = null;
            var kind = Kind.Text;
            if (reader.ValueSpan.Length <= name.Length)
            {
                lookup.TryGetValue(name[..reader.CopyString(name)], out field, out kind);
            }
            reader.Read();
            if (field is not null && !Matches(ref reader, kind))
            {
                return $"\"{field}\" must be {Describe(kind)}";
            }
            reader.Skip();
        }
        return null;
    }

    /// <summary>Whether the value under the reader is of <paramref name="kind"/> (null always is: the field is absent).</summary>
    private static bool Matches(ref Utf8JsonReader reader, Kind kind)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        switch (kind)
        {
            case Kind.Text:
                return reader.TokenType == JsonTokenType.String;
            case Kind.Integer:
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _);
            case Kind.Boolean:
                return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
            case Kind.TextArray or Kind.TextMap or Kind.Counters:
                var (open, close) = kind == Kind.TextArray
                    ? (JsonTokenType.StartArray, JsonTokenType.EndArray)
                    : (JsonTokenType.StartObject, JsonTokenType.EndObject);
                if (reader.TokenType != open)
                {
                    return false;
                }
                var inner = kind == Kind.Counters ? JsonTokenType.Number : JsonTokenType.String;
                while (reader.Read() && reader.TokenType != close)
                {
                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        continue;
                    }
                    if (reader.TokenType != inner || (kind == Kind.Counters && !reader.TryGetInt64(out _)))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Text => "a string",
        Kind.Integer => "an integer",
        Kind.Boolean => "true or false",
        Kind.TextArray => "an array of strings",
        Kind.TextMap => "an object of strings",
        _ => "an object of integer counters",
    };

    private static Dictionary<string, Dictionary<string, Kind>> BuildFields()
    {
        var byType = EventsSchema.RecordFields.ToDictionary(
            p => p.Key,
            p => p.Value.ToDictionary(c => c.Field ?? c.Name, c => KindOf(c.SqlType), StringComparer.Ordinal),
            StringComparer.Ordinal);
        // The totals the Summary tab reads from the last tracer_stats line.
        byType["tracer_stats"] = new Dictionary<string, Kind>(StringComparer.Ordinal)
        {
            ["events"] = Kind.Counters,
            ["dropped"] = Kind.Counters,
            ["truncated"] = Kind.Counters,
            ["dropped_total"] = Kind.Integer,
            ["malformed_dns"] = Kind.Integer,
            ["final"] = Kind.Boolean,
        };
        return byType;
    }

    private static Kind KindOf(string sqlType) => sqlType switch
    {
        "VARCHAR" => Kind.Text,
        "BIGINT" or "INTEGER" => Kind.Integer,
        "BOOLEAN" => Kind.Boolean,
        "VARCHAR[]" => Kind.TextArray,
        "MAP(VARCHAR, VARCHAR)" => Kind.TextMap,
        _ => throw new InvalidOperationException($"the upload check does not know the view type {sqlType}"),
    };
}
