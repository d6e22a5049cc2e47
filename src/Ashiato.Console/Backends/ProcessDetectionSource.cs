using System.Text.Json;

namespace Ashiato.Web.Backends;

/// <summary>
/// The rule pack, run as <c>ashiato detect TRACE --format json</c> in a child process. Only the report's stable JSON
/// crosses over, so the console does not depend on the analysis library's types.
/// </summary>
public sealed class ProcessDetectionSource(AshiatoChild ashiato) : IDetectionSource
{
    /// <summary><c>ashiato detect</c> exits 1 when findings reach <c>--fail-on</c>; anything else is a failure.</summary>
    private static readonly int[] SuccessCodes = [0, 1];

    public async Task<IReadOnlyList<DetectionFinding>> FindAsync(string tracePath, CancellationToken ct) =>
        Parse(await ashiato.RunAsync("the rule pack", ["detect", tracePath, "--format", "json"], SuccessCodes, ct));

    /// <summary>Reads the findings of <c>ashiato detect --format json</c>.</summary>
    public static IReadOnlyList<DetectionFinding> Parse(string json)
    {
        using var report = JsonDocument.Parse(json);
        return [.. report.RootElement.GetProperty("findings").EnumerateArray().Select(f => new DetectionFinding(
            f.GetProperty("rule").GetString()!,
            f.GetProperty("title").GetString()!,
            f.GetProperty("severity").GetString()!,
            f.TryGetProperty("technique", out var technique) ? technique.GetString() : null,
            f.GetProperty("summary").GetString()!,
            [.. f.GetProperty("evidence").EnumerateArray().Select(e => e.Clone())],
            [.. f.GetProperty("ancestry").EnumerateArray().Select(Step)],
            f.TryGetProperty("description", out var description) ? description.GetString() : null,
            f.TryGetProperty("remediation", out var remediation) ? remediation.GetString() : null,
            JsonFields.Text(f, "job_id"),
            f.TryGetProperty("step", out var step) && step.TryGetInt32(out var number) ? number : null,
            JsonFields.Text(f, "step_kind"),
            JsonFields.Text(f, "step_name"),
            JsonFields.Text(f, "action"),
            f.TryGetProperty("occurrences", out var occurrences) && occurrences.TryGetInt32(out var count) ? count : 1,
            JsonFields.Text(f, "phase"),
            f.TryGetProperty("incident", out var incident) && incident.TryGetInt32(out var group) ? group : 0))];
    }

    private static string Step(JsonElement step)
    {
        var program = step.TryGetProperty("program", out var p) ? p.GetString() : step.GetProperty("comm").GetString();
        return $"{program} ({step.GetProperty("pid").GetInt64()})";
    }
}
