using System.Text.Json;
using Ashiato.Events.Jsonl;

namespace Ashiato.Analysis.Tests.Support;

/// <summary>A trace the real tracer recorded during the test run, with the folder its workload ran in.</summary>
public sealed record RecordedTrace(string Path, string WorkDirectory, IReadOnlyList<JsonElement> Records)
{
    public static RecordedTrace Read(string path, string workDirectory)
    {
        var records = new List<JsonElement>();
        using var reader = TraceLineReader.Open(path);
        while (reader.TryReadLine(out var line))
        {
            using var document = JsonDocument.Parse(line.Utf8);
            records.Add(document.RootElement.Clone());
        }
        return new RecordedTrace(path, workDirectory, records);
    }

    public IEnumerable<JsonElement> OfType(string type) => Records.Where(r => r.Str("type") == type);

    public JsonElement ExecOf(string comm) => OfType("process_exec").First(e => e.Str("comm") == comm);
}

public static class JsonElementExtensions
{
    public static string? Str(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long Long(this JsonElement element, string name) => element.GetProperty(name).GetInt64();
}
