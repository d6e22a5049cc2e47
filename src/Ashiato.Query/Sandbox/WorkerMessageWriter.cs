using System.Text.Json;

namespace Ashiato.Query.Sandbox;

/// <summary>Writes the worker's side of <see cref="WorkerProtocol"/>: one JSON value per line on stdout.</summary>
public sealed class WorkerMessageWriter(Stream output)
{
    private readonly BufferedStream _output = new(output, 1 << 16);

    public void Message<T>(string name, T value)
    {
        using (var json = new Utf8JsonWriter(_output))
        {
            json.WriteStartObject();
            json.WritePropertyName(name);
            JsonSerializer.Serialize(json, value, WorkerProtocol.Json);
            json.WriteEndObject();
        }
        _output.WriteByte((byte)'\n');
        _output.Flush();
    }

    /// <summary>Writes an already serialized row (a JSON array) and its newline.</summary>
    public void Row(ReadOnlySpan<byte> jsonArray)
    {
        _output.Write(jsonArray);
        _output.WriteByte((byte)'\n');
    }

    public void Flush() => _output.Flush();
}
