using System.Text.Json;
using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Output;

/// <summary>
/// The stable JSON of a detection report: <c>{trace, rules: [id…], findings: [{rule, title, severity, technique, summary,
/// description, remediation, pid, job_id?, step?, step_kind?, step_name?, action?, first_seen, occurrences, reason?, phase,
/// incident, ancestry, evidence}], incidents: [{incident, severity, scope, job_id?, step?, action?, chain, findings,
/// timeline: [{timestamp, phase, rule, severity, summary, pid}]}], warnings}</c>; the job fields are there when the
/// finding happened inside a GitHub Actions job; <c>findings</c> of an incident are indexes into <c>findings</c>. Fields
/// are only ever added.
/// </summary>
public static class FindingJsonWriter
{
    public static void Write(DetectionReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("trace", report.TracePath);
        json.WriteStartArray("rules");
        foreach (var rule in report.Rules)
        {
            json.WriteStringValue(rule.Id);
        }
        json.WriteEndArray();
        json.WriteStartArray("findings");
        var rules = report.Rules.ToDictionary(rule => rule.Id);
        foreach (var finding in report.Findings)
        {
            json.WriteStartObject();
            json.WriteString("rule", finding.RuleId);
            json.WriteString("title", finding.Title);
            json.WriteString("summary", finding.Summary);
            // What the rule means and what to do: people reading one finding (the console) need both.
            if (rules.TryGetValue(finding.RuleId, out var rule))
            {
                json.WriteString("description", rule.Description);
                json.WriteString("remediation", rule.Remediation);
            }
            JsonEvidence.WriteFindingFacts(json, finding, FactNames.Json);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteIncidents(json, report);
        json.WriteStartArray("warnings");
        foreach (var warning in report.Warnings)
        {
            json.WriteStringValue(warning);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteIncidents(Utf8JsonWriter json, DetectionReport report)
    {
        var index = new Dictionary<Finding, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < report.Findings.Count; i++)
        {
            index[report.Findings[i]] = i;
        }
        json.WriteStartArray("incidents");
        foreach (var incident in report.Incidents)
        {
            json.WriteStartObject();
            json.WriteNumber("incident", incident.Number);
            json.WriteString("severity", incident.Severity.ToWire());
            json.WriteString("scope", incident.Scope);
            if (incident.Step is { } step)
            {
                json.WriteString("job_id", step.JobId);
                json.WriteNumber("step", step.Number);
                json.WriteStringIfPresent("action", step.Action);
            }
            json.WriteStringArray("chain", [.. incident.Chain.Select(s => s.Program)]);
            json.WriteStartArray("findings");
            foreach (var finding in incident.Findings)
            {
                json.WriteNumberValue(index[finding]);
            }
            json.WriteEndArray();
            json.WriteStartArray("timeline");
            foreach (var entry in incident.Timeline)
            {
                json.WriteStartObject();
                json.WriteString("timestamp", entry.Timestamp);
                json.WriteString("phase", entry.Phase);
                json.WriteString("rule", entry.Finding.RuleId);
                json.WriteString("severity", entry.Finding.Severity.ToWire());
                json.WriteString("summary", entry.Finding.Summary);
                if (entry.Finding.Pid is { } pid)
                {
                    json.WriteNumber("pid", pid);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
