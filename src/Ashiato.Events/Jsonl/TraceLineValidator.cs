using System.Text.Json;

namespace Ashiato.Events.Jsonl;

/// <summary>Checks that a line is what the contract requires: a JSON object with string <c>type</c> and <c>timestamp</c>.</summary>
public static class TraceLineValidator
{
    /// <summary>Returns null for a valid line, else a short reason fit to show after the line number.</summary>
    public static string? Validate(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "not a JSON object";
            }
            bool hasType = false, hasTimestamp = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isTimestamp = reader.ValueTextEquals("timestamp"u8);
                reader.Read();
                if ((isType || isTimestamp) && reader.TokenType != JsonTokenType.String)
                {
                    return $"\"{(isType ? "type" : "timestamp")}\" is not a string";
                }
                hasType |= isType;
                hasTimestamp |= isTimestamp;
                reader.Skip();
            }
            if (reader.Read())
            {
                return "more than one JSON value on the line";
            }
            return !hasType ? "missing \"type\"" : !hasTimestamp ? "missing \"timestamp\"" : null;
        }
        catch (JsonException e)
        {
            return $"malformed JSON ({e.Message.Split(" LineNumber")[0].TrimEnd('.')})";
        }
    }
}
