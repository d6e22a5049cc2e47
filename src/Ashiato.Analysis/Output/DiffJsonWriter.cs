using System.Text.Json;
using Ashiato.Analysis.Diff;

namespace Ashiato.Analysis.Output;

/// <summary>
/// The stable JSON of a diff: <c>{current, baselines, new_count, new: {hosts: [{key, example, count, first_seen, pid,
/// comm}], executables, sensitive_reads, writes_outside_workspace, outbound_ports, renames, deletes, permission_changes,
/// process_accesses}}</c>; every category is present.
/// </summary>
public static class DiffJsonWriter
{
    public static void Write(DiffReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("current", report.Current);
        json.WriteStartArray("baselines");
        foreach (var baseline in report.Baselines)
        {
            json.WriteStringValue(baseline);
        }
        json.WriteEndArray();
        json.WriteNumber("new_count", report.NewCount);
        json.WriteStartObject("new");
        foreach (var category in Enum.GetValues<DiffCategory>())
        {
            json.WriteStartArray(category.ToWire());
            foreach (var item in report.New.FirstOrDefault(n => n.Category == category)?.Items ?? [])
            {
                json.WriteStartObject();
                json.WriteString("key", item.Key);
                json.WriteString("example", item.Example);
                json.WriteNumber("count", item.Count);
                json.WriteString("first_seen", item.FirstSeen);
                if (item.Pid is { } pid)
                {
                    json.WriteNumber("pid", pid);
                }
                json.WriteString("comm", item.Comm);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
