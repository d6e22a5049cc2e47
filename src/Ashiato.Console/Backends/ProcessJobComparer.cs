using System.Globalization;
using System.Text.Json;

namespace Ashiato.Web.Backends;

/// <summary>
/// The baseline diff, run as <c>ashiato diff CURRENT --baseline B … --format json</c> in a child process; only the
/// report's stable JSON crosses over.
/// </summary>
public sealed class ProcessJobComparer(AshiatoChild ashiato) : IJobComparer
{
    /// <summary>Without <c>--fail-on-new</c>, <c>ashiato diff</c> exits 0 whatever it finds.</summary>
    private static readonly int[] SuccessCodes = [0];

    public async Task<JobComparison> CompareAsync(string currentTracePath, IReadOnlyList<string> baselineTracePaths, CancellationToken ct)
    {
        IEnumerable<string> arguments = ["diff", currentTracePath, .. baselineTracePaths.SelectMany(b => new[] { "--baseline", b }), "--format", "json"];
        return Parse(await ashiato.RunAsync("the baseline diff", arguments, SuccessCodes, ct));
    }

    /// <summary>
    /// Reads <c>ashiato diff --format json</c>: the <c>new</c> object (one array per category) and the <c>steps</c> that
    /// changed, each with its own <c>new</c>.
    /// </summary>
    public static JobComparison Parse(string json)
    {
        using var report = JsonDocument.Parse(json);
        var root = report.RootElement;
        var steps = root.TryGetProperty("steps", out var changed) ? changed.EnumerateArray().Select(Step).ToList() : [];
        return new JobComparison(Sections(root.GetProperty("new")), steps);
    }

    private static StepChange Step(JsonElement step) => new(
        step.GetProperty("key").GetString()!,
        step.GetProperty("job_id").GetString()!,
        [.. step.GetProperty("steps").EnumerateArray().Select(n => n.GetInt32())],
        JsonFields.Text(step, "kind"),
        JsonFields.Text(step, "name"),
        JsonFields.Text(step, "action"),
        step.GetProperty("new_step").GetBoolean(),
        [.. step.GetProperty("refs").EnumerateArray().Select(r => r.GetString()!)],
        [.. step.GetProperty("baseline_refs").EnumerateArray().Select(r => r.GetString()!)],
        step.GetProperty("script_changed").GetBoolean(),
        Sections(step.GetProperty("new")));

    private static IReadOnlyList<DiffSection> Sections(JsonElement news) =>
        [.. news.EnumerateObject().Select(category => new DiffSection(
            Title(category.Name),
            [.. category.Value.EnumerateArray().Select(item => new DiffItem(
                item.GetProperty("key").GetString()!,
                item.TryGetProperty("example", out var example) ? example.GetString()! : item.GetProperty("key").GetString()!,
                item.TryGetProperty("count", out var count) ? count.GetInt64() : 1,
                item.TryGetProperty("first_seen", out var first) ? first.GetString() : null,
                Process(item)))]))];

    /// <summary><c>writes_outside_workspace</c> → <c>Writes outside workspace</c>.</summary>
    private static string Title(string wire)
    {
        var words = wire.Replace('_', ' ');
        return words.Length == 0 ? words : char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }

    private static string? Process(JsonElement item)
    {
        var comm = item.TryGetProperty("comm", out var c) ? c.GetString() : null;
        return item.TryGetProperty("pid", out var pid) ? $"{comm ?? "?"} ({pid.GetInt64()})" : comm;
    }
}
