using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ashiato.Query.Execution;
using Ashiato.Query.Output;

namespace Ashiato.Query.Sandbox;

/// <summary>Streams a result to the parent as protocol lines and stops at the byte budget.</summary>
public sealed class WorkerResultSink(WorkerMessageWriter writer, long maxBytes) : IResultSink
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _row = new(1 << 12);
    private IReadOnlyList<QueryColumn> _columns = [];
    private long _bytes;

    public WorkerDone? Done { get; private set; }

    public void BeginResult(IReadOnlyList<QueryColumn> columns)
    {
        _columns = columns;
        _bytes = 0;
        writer.Message(WorkerProtocol.Columns, columns);
    }

    public bool WriteRow(IReadOnlyList<object?> values)
    {
        _row.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_row, Options))
        {
            json.WriteStartArray();
            for (var i = 0; i < values.Count; i++)
            {
                CellValues.WriteJson(json, values[i], _columns[i].Type);
            }
            json.WriteEndArray();
        }
        if (_bytes + _row.WrittenCount > maxBytes)
        {
            return false;
        }
        _bytes += _row.WrittenCount;
        writer.Row(_row.WrittenSpan);
        return true;
    }

    public void EndResult(ResultSummary summary) =>
        Done = new WorkerDone(summary.Rows, summary.Truncated, summary.Elapsed.TotalMilliseconds);
}
