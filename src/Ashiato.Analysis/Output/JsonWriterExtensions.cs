using System.Text.Json;

namespace Ashiato.Analysis.Output;

/// <summary>Shapes every JSON output writes: an optional string, a string array.</summary>
internal static class JsonWriterExtensions
{
    /// <summary>Writes the property only when there is a value: absent rather than null, as the trace format does.</summary>
    public static void WriteStringIfPresent(this Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    public static void WriteStringArray(this Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }
}
