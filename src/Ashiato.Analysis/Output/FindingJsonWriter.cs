using System.Text.Json;
using Ashiato.Analysis.Detection;

namespace Ashiato.Analysis.Output;

/// <summary>
/// The stable JSON of a detection report: <c>{trace, rules: [id…], findings: [{rule, title, severity, technique, summary,
/// description, remediation, pid, job_id?, step?, step_kind?, step_name?, action?, first_seen, ancestry, evidence}],
/// warnings}</c>; the job fields are there when the finding happened inside a GitHub Actions job. Fields are only ever added.
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
}
