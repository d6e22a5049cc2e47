using System.Globalization;
using System.Text.Json;
using Ashiato.Analysis.Jobs;
using Ashiato.Analysis.Processes;
using Ashiato.Analysis.Rules;
using Ashiato.Events;

namespace Ashiato.Analysis.Detection;

/// <summary>
/// Turns a rule's rows into findings: rows with the same acting exec, severity and summary become one finding whose
/// evidence is their events in time order, whose ancestry comes from the <see cref="ProcessTree"/>, and whose job and
/// step are those of the acting process. Pure.
/// </summary>
public static class FindingAssembler
{
    /// <summary>At most this many evidence events per finding: a scan of every /proc entry is one finding, not a dump.</summary>
    public const int MaxEvidence = 200;

    public static IReadOnlyList<Finding> Assemble(RuleDefinition rule, IEnumerable<RuleRow> rows, ProcessTree tree, JobStepDirectory steps)
    {
        // Rows with a reason group by (exec, reason) at their highest severity; rows without, by (exec, severity, summary).
        var groups = new Dictionary<(long?, long?, Severity?, string), Group>();
        foreach (var row in rows)
        {
            var evidence = Evidence.Parse(row.Data, rule);
            var execId = row.ExecId ?? (evidence.Pid is { } pid ? tree.ExecAt(pid, evidence.ActedAtUs, evidence.Ppid)?.ExecId : null);
            var severity = row.Severity is null ? rule.Severity : SeverityNames.Parse(row.Severity, $"rule {rule.Id} ({rule.Source})");
            var summary = row.Summary ?? rule.Title;
            var key = (execId, execId is null ? evidence.Pid : null, row.Reason is null ? severity : (Severity?)null, row.Reason ?? summary);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new Group(row.Reason);
            }
            group.Add(evidence, severity, summary);
        }
        return [.. groups.Select(g => ToFinding(rule, g.Key.Item1, g.Value, tree, steps))];
    }

    private static Finding ToFinding(RuleDefinition rule, long? execId, Group group, ProcessTree tree, JobStepDirectory steps)
    {
        var ordered = group.Evidence
            .DistinctBy(e => e.Raw)
            .OrderBy(e => e.TimestampUs)
            .ToList();
        var acting = ordered.FirstOrDefault(e => e.Pid is not null);
        var ancestry = execId is { } id ? tree.Lineage(id, acting?.Pid, acting?.ActedAtUs ?? long.MaxValue) : [];
        var pid = acting?.Pid ?? ancestry.LastOrDefault()?.Pid;
        // The acting process's own records say which job and step it is in (a process the worker forked is in its new
        // step before it execs), not the evidence of another process (the runner that wrote a file an action then
        // ran); its exec's record when none of the evidence is its own.
        var job = ordered.Where(e => e.Job is not null && e.Pid is { } p && (execId is null || tree.ExecAt(p, e.ActedAtUs, e.Ppid)?.ExecId == execId))
            .Select(e => e.Job).FirstOrDefault()
            ?? (execId is { } acted ? tree.Get(acted)?.Job : null);
        var summary = group.FirstSummary();
        var occurrences = group.Summaries.Count;
        if (occurrences > 1)
        {
            summary += $" (and {occurrences - 1} more like it)";
        }
        return new Finding(rule.Id, rule.Title, group.Severity, rule.Technique, summary, pid, ordered[0].Timestamp,
            [.. ordered.Take(MaxEvidence).Select(e => e.Element)], ancestry, job is { } j ? steps.Find(j.JobId, j.Step) : null,
            occurrences, group.Reason, rule.Phase);
    }

    /// <summary>The rows of one finding: their evidence, the summary each gave (in order), the highest severity.</summary>
    private sealed class Group(string? reason)
    {
        private readonly Dictionary<string, long> _firstSeen = new(StringComparer.Ordinal);

        public string? Reason => reason;

        public List<Evidence> Evidence { get; } = [];

        public IReadOnlyCollection<string> Summaries => _firstSeen.Keys;

        public Severity Severity { get; private set; }

        public void Add(Evidence evidence, Severity severity, string summary)
        {
            Evidence.Add(evidence);
            Severity = severity > Severity ? severity : Severity;
            _firstSeen[summary] = Math.Min(_firstSeen.GetValueOrDefault(summary, long.MaxValue), evidence.TimestampUs);
        }

        /// <summary>The summary of the earliest occurrence (by its evidence), ties by text.</summary>
        public string FirstSummary() =>
            _firstSeen.OrderBy(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key;
    }

    private sealed record Evidence(string Raw, JsonElement Element, long? Pid, long? Ppid, long TimestampUs, string Timestamp, bool IsWrite, JobAttribution? Job)
    {
        /// <summary>
        /// When the process did it. A file_write's totals come out just before the exec of the writer's next program,
        /// possibly in the same microsecond, so it is dated a microsecond earlier (as prelude.sql's acts table does).
        /// </summary>
        public long ActedAtUs => IsWrite ? TimestampUs - 1 : TimestampUs;

        public static Evidence Parse(string raw, RuleDefinition rule)
        {
            JsonElement element;
            try
            {
                using var document = JsonDocument.Parse(raw);
                element = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new UserFacingException($"rule {rule.Id} ({rule.Source}): its data column must hold the event's JSON ({e.Message})", e);
            }
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new UserFacingException($"rule {rule.Id} ({rule.Source}): its data column must hold the event's JSON object");
            }
            var timestamp = element.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.String ? ts.GetString()! : "";
            var microseconds = DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? (parsed.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10
                : long.MaxValue;
            var isWrite = element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && type.ValueEquals(EventKind.FileWrite.ToWire());
            return new Evidence(raw, element, Number(element, "pid"), Number(element, "ppid"), microseconds, timestamp, isWrite, JobOf(element));
        }

        /// <summary>The record's <c>job_id</c> and <c>step</c>, when it has both.</summary>
        private static JobAttribution? JobOf(JsonElement element) =>
            element.TryGetProperty("job_id", out var jobId) && jobId.ValueKind == JsonValueKind.String && Number(element, "step") is { } step
                && step is >= 0 and <= int.MaxValue
                ? new JobAttribution(jobId.GetString()!, (int)step)
                : null;

        private static long? Number(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
    }
}
