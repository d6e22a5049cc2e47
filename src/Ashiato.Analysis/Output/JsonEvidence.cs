using System.Text.Json;
using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Processes;
using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Output;

/// <summary>The JSON shapes findings share in every machine-readable output: ancestry steps and evidence.</summary>
internal static class JsonEvidence
{
    /// <summary>
    /// A finding's facts shared by every format: severity, technique, pid, its job, step and action when it happened
    /// inside a GitHub Actions job, first seen, how many times it happened (occurrences) and why (reason), its phase and
    /// incident, ancestry, evidence.
    /// </summary>
    public static void WriteFindingFacts(Utf8JsonWriter json, Finding finding, FactNames names)
    {
        json.WriteString("severity", finding.Severity.ToWire());
        json.WriteString("technique", finding.Technique);
        if (finding.Pid is { } pid)
        {
            json.WriteNumber("pid", pid);
        }
        if (finding.Step is { } step)
        {
            json.WriteString(names.JobId, step.JobId);
            json.WriteNumber("step", step.Number);
            json.WriteStringIfPresent(names.StepKind, step.Kind);
            json.WriteStringIfPresent(names.StepName, step.Name);
            json.WriteStringIfPresent("action", step.Action);
        }
        json.WriteString(names.FirstSeen, finding.FirstSeen);
        json.WriteNumber("occurrences", finding.Occurrences);
        json.WriteStringIfPresent("reason", finding.Reason);
        json.WriteString("phase", finding.Phase);
        json.WriteNumber("incident", finding.Incident);
        WriteAncestry(json, finding.Ancestry);
        WriteEvidence(json, finding.Evidence);
    }

    public static void WriteAncestry(Utf8JsonWriter json, IReadOnlyList<ProcessStep> ancestry)
    {
        json.WriteStartArray("ancestry");
        foreach (var step in ancestry)
        {
            json.WriteStartObject();
            json.WriteNumber("pid", step.Pid);
            if (step.Ppid is { } ppid)
            {
                json.WriteNumber("ppid", ppid);
            }
            json.WriteString("timestamp", step.Timestamp);
            json.WriteString("comm", step.Comm);
            json.WriteString("program", step.Program);
            json.WriteString("filename", step.Filename);
            json.WriteStringArray("args", step.Args);
            if (step.Forked)
            {
                json.WriteBoolean("forked", true);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public static void WriteEvidence(Utf8JsonWriter json, IReadOnlyList<JsonElement> evidence)
    {
        json.WriteStartArray("evidence");
        foreach (var element in evidence)
        {
            element.WriteTo(json);
        }
        json.WriteEndArray();
    }
}

/// <summary>The names of the facts whose spelling differs by format: snake_case in our JSON, camelCase in SARIF's property bags.</summary>
internal sealed record FactNames(string FirstSeen, string JobId, string StepKind, string StepName)
{
    public static FactNames Json { get; } = new("first_seen", "job_id", "step_kind", "step_name");

    public static FactNames Sarif { get; } = new("firstSeen", "jobId", "stepKind", "stepName");
}
