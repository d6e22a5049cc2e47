using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Ashiato.Query.Execution;

namespace Ashiato.Query.Output;

/// <summary>
/// Turns DuckDB.NET values into JSON and into display text. Covers what DuckDB returns: HUGEINT as
/// <see cref="BigInteger"/>, decimals, lists, structs and maps as dictionaries, timestamps, intervals, blobs.
/// </summary>
public static class CellValues
{
    private const string TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff";

    /// <summary>Writes <paramref name="value"/> as JSON; <paramref name="duckDbType"/> tells TIMESTAMPTZ (UTC, <c>Z</c>) from TIMESTAMP.</summary>
    public static void WriteJson(Utf8JsonWriter json, object? value, string? duckDbType = null)
    {
        switch (value)
        {
            case null or DBNull:
                json.WriteNullValue();
                break;
            case string s when duckDbType == QueryColumn.JsonType:
                WriteJsonText(json, s);
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case double d when !double.IsFinite(d):
                json.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case float f when !float.IsFinite(f):
                json.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
                break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal or BigInteger:
                json.WriteRawValue(FormatNumber(value), skipInputValidation: true);
                break;
            case IDictionary dictionary:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    WriteJson(json, entry.Value, null);
                }
                json.WriteEndObject();
                break;
            case byte[] or Stream:
                json.WriteBase64StringValue(ReadBytes(value));
                break;
            case IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJson(json, item, null);
                }
                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(FormatScalar(value, duckDbType));
                break;
        }
    }

    /// <summary>
    /// A value of a JSON column, nested as it is. DuckDB validates JSON values, but the writer also refuses nesting
    /// deeper than 64 levels: such a value (and anything else it refuses) is written as a string instead.
    /// </summary>
    private static void WriteJsonText(Utf8JsonWriter json, string text)
    {
        try
        {
            json.WriteRawValue(text, skipInputValidation: false);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            json.WriteStringValue(text);
        }
    }

    /// <summary>Text for a table or CSV cell: strings as they are, nested values as compact JSON, null as empty.</summary>
    public static string ToText(object? value, string? duckDbType = null) => value switch
    {
        null or DBNull => "",
        string s => s,
        bool b => b ? "true" : "false",
        sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal or BigInteger => FormatNumber(value),
        IDictionary or IEnumerable or Stream => ToJson(value),
        _ => FormatScalar(value, duckDbType),
    };

    private static string ToJson(object value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJson(json, value);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string FormatNumber(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string FormatScalar(object value, string? duckDbType) => value switch
    {
        DateTime t when duckDbType == "TimestampTz" => t.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "Z",
        DateTime t => t.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "Z",
        DateOnly d => d.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH':'mm':'ss'.'ffffff", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static byte[] ReadBytes(object value)
    {
        if (value is byte[] bytes)
        {
            return bytes;
        }
        using var copy = new MemoryStream();
        ((Stream)value).CopyTo(copy);
        return copy.ToArray();
    }
}
