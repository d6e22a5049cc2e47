using System.Text.Encodings.Web;
using System.Text.Json;
using Ashiato.Query.Execution;

namespace Ashiato.Query.Output;

/// <summary>Streams rows as JSON objects keyed by column name: one array per result, or one object per line.</summary>
public sealed class JsonResultWriter(Stream output, bool asArray) : IResultSink
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly Utf8JsonWriter _json = new(output, Options);
    private IReadOnlyList<QueryColumn> _columns = [];

    public void BeginResult(IReadOnlyList<QueryColumn> columns)
    {
        _columns = columns;
        if (asArray)
        {
            _json.WriteStartArray();
        }
    }

    public bool WriteRow(IReadOnlyList<object?> values)
    {
        _json.WriteStartObject();
        for (var i = 0; i < _columns.Count; i++)
        {
            _json.WritePropertyName(_columns[i].Name);
            CellValues.WriteJson(_json, values[i], _columns[i].Type);
        }
        _json.WriteEndObject();
        if (!asArray)
        {
            _json.Flush();
            _json.Reset();
            output.WriteByte((byte)'\n');
        }
        else if (_json.BytesPending > 1 << 16)
        {
            _json.Flush();
        }
        return true;
    }

    public void EndResult(ResultSummary summary)
    {
        if (asArray)
        {
            _json.WriteEndArray();
            _json.Flush();
            _json.Reset();
            output.WriteByte((byte)'\n');
        }
        output.Flush();
    }
}
