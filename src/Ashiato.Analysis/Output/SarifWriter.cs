using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Jobs;
using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Output;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning: one run, every rule that ran with its metadata and help, one result per
/// finding located at the trace file (and, inside a GitHub Actions job, at its step as a logical location), with the
/// job, step, action, evidence and ancestry in the result's property bag.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    public static void Write(DetectionReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        var ruleIndex = report.Rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "Ashiato");
        json.WriteString("semanticVersion", typeof(SarifWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        json.WriteStartArray("rules");
        foreach (var rule in report.Rules)
        {
            WriteRule(json, rule);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("results");
        var incidents = report.Incidents.ToDictionary(i => i.Number);
        foreach (var finding in report.Findings)
        {
            WriteResult(json, finding, ruleIndex.GetValueOrDefault(finding.RuleId, -1), report.TracePath, incidents.GetValueOrDefault(finding.Incident));
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>SARIF's level for a severity: high is an error, medium a warning, low a note.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    private static void WriteRule(Utf8JsonWriter json, RuleDefinition rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", string.Concat(rule.Id.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..])));
        json.WriteStartObject("shortDescription");
        json.WriteString("text", rule.Title);
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", rule.Description);
        json.WriteEndObject();
        json.WriteString("helpUri", $"https://attack.mitre.org/techniques/{rule.Technique.Replace('.', '/')}/");
        json.WriteStartObject("help");
        json.WriteString("text", $"{rule.Description}\n\nRemediation: {rule.Remediation}\n\nMITRE ATT&CK: {rule.Technique}");
        json.WriteString("markdown", $"{rule.Description}\n\n**Remediation:** {rule.Remediation}\n\n**MITRE ATT&CK:** [{rule.Technique}](https://attack.mitre.org/techniques/{rule.Technique.Replace('.', '/')}/)");
        json.WriteEndObject();
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.Severity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        json.WriteStringValue("security");
        json.WriteStringValue($"external/mitre-attack/{rule.Technique}");
        json.WriteEndArray();
        json.WriteString("security-severity", SecuritySeverity(rule.Severity));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding finding, int ruleIndex, string tracePath, Incident? incident)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        if (ruleIndex >= 0)
        {
            json.WriteNumber("ruleIndex", ruleIndex);
        }
        json.WriteString("level", Level(finding.Severity));
        json.WriteStartObject("message");
        var chain = string.Join(" > ", finding.Ancestry.Select(s => s.Program));
        var where = finding.Step is { } step ? $"{finding.Summary} in {step.Describe()}" : finding.Summary;
        json.WriteString("text", chain.Length > 0 ? $"{where} (process chain: {chain})" : where);
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", Uri.EscapeDataString(Path.GetFileName(tracePath)));
        json.WriteEndObject();
        json.WriteEndObject();
        if (finding.Step is { } located)
        {
            WriteLogicalLocation(json, located);
        }
        json.WriteEndObject();
        json.WriteEndArray();
        if (incident is not null && incident.Findings.Count > 1)
        {
            WriteRelatedLocations(json, incident, finding, tracePath);
        }
        json.WriteStartObject("partialFingerprints");
        json.WriteString("ashiatoFinding/v1", Fingerprint(finding));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        JsonEvidence.WriteFindingFacts(json, finding, FactNames.Sarif);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// The step as a logical location (SARIF 3.33): what ran, named like code (<c>evil-org/changed-files@v45</c>), with
    /// the job and step number in its fully qualified name. "module" is the closest of SARIF's kinds to an action.
    /// </summary>
    private static void WriteLogicalLocation(Utf8JsonWriter json, JobStep step)
    {
        json.WriteStartArray("logicalLocations");
        json.WriteStartObject();
        json.WriteString("name", step.Label);
        json.WriteString("fullyQualifiedName", $"{step.JobId}/step {step.Number}/{step.Label}");
        json.WriteString("kind", "module");
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>
    /// The other findings of the finding's incident as related locations (SARIF 3.27.22), in time order, each with its
    /// phase, rule and summary: code scanning shows them as the steps that led to the alert.
    /// </summary>
    private static void WriteRelatedLocations(Utf8JsonWriter json, Incident incident, Finding finding, string tracePath)
    {
        json.WriteStartArray("relatedLocations");
        var id = 0;
        foreach (var entry in incident.Timeline.Where(e => !ReferenceEquals(e.Finding, finding)))
        {
            json.WriteStartObject();
            json.WriteNumber("id", id++);
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", Uri.EscapeDataString(Path.GetFileName(tracePath)));
            json.WriteEndObject();
            json.WriteEndObject();
            if (entry.Finding.Step is { } step)
            {
                WriteLogicalLocation(json, step);
            }
            json.WriteStartObject("message");
            json.WriteString("text", $"{entry.Timestamp} {entry.Phase}: {entry.Finding.Summary} ({entry.Finding.RuleId}, {entry.Finding.Severity.ToWire()})");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        _ => "3.0",
    };

    /// <summary>
    /// Stable across runs of the same job: the rule, the summary, the programs in the chain and, inside a job, what the
    /// step ran (not its number or the job's id, which change every run); no pids or times.
    /// </summary>
    private static string Fingerprint(Finding finding)
    {
        var identity = $"{finding.RuleId}\n{finding.Summary}\n{string.Join('>', finding.Ancestry.Select(s => s.Program))}";
        if (finding.Step is { } step)
        {
            identity += $"\n{step.Label}";
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }
}
