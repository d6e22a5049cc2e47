using System.Text.Json;
using Ashiato.Analysis.Diff;

namespace Ashiato.Analysis.Output;

/// <summary>
/// The stable JSON of a diff: <c>{current, baselines, new_count, new: {hosts: [{key, example, count, first_seen, pid,
/// comm}], executables, sensitive_reads, writes_outside_workspace, outbound_ports, renames, deletes, permission_changes,
/// process_accesses}, steps: [{key, job_id, steps, kind, name, action, label, new_step, refs, baseline_refs,
/// script_changed, new_count, new: {…}}]}</c>; every category is present in each <c>new</c>, and <c>steps</c> lists the
/// steps of GitHub Actions jobs with something new (empty for a run outside a runner).
/// </summary>
public static class DiffJsonWriter
{
    public static void Write(DiffReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("current", report.Current);
        json.WriteStringArray("baselines", report.Baselines);
        json.WriteNumber("new_count", report.NewCount);
        WriteNew(json, report.New);
        json.WriteStartArray("steps");
        foreach (var step in report.Steps)
        {
            WriteStep(json, step);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteStep(Utf8JsonWriter json, StepDiff diff)
    {
        var first = diff.Current.Steps[0];
        json.WriteStartObject();
        json.WriteString("key", diff.Key);
        json.WriteString("job_id", first.JobId);
        json.WriteStartArray("steps");
        foreach (var step in diff.Current.Steps)
        {
            json.WriteNumberValue(step.Number);
        }
        json.WriteEndArray();
        json.WriteStringIfPresent("kind", first.Kind);
        json.WriteStringIfPresent("name", first.Name);
        json.WriteStringIfPresent("action", first.Action);
        json.WriteString("label", first.Label);
        json.WriteBoolean("new_step", diff.NewStep);
        json.WriteStringArray("refs", diff.Current.Refs.Order(StringComparer.Ordinal));
        json.WriteStringArray("baseline_refs", diff.BaselineRefs.Order(StringComparer.Ordinal));
        json.WriteBoolean("script_changed", diff.ScriptChanged);
        json.WriteNumber("new_count", diff.NewCount);
        WriteNew(json, diff.New);
        json.WriteEndObject();
    }

    private static void WriteNew(Utf8JsonWriter json, IReadOnlyList<NewBehaviour> news)
    {
        json.WriteStartObject("new");
        foreach (var category in Enum.GetValues<DiffCategory>())
        {
            json.WriteStartArray(category.ToWire());
            foreach (var item in news.FirstOrDefault(n => n.Category == category)?.Items ?? [])
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
    }
}
