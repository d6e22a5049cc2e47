using System.Text.Json;
using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Processes;
using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Output;

/// <summary>The JSON shapes findings share in every machine-readable output: ancestry steps and evidence.</summary>
internal static class JsonEvidence
{
    /// <summary>A finding's facts shared by every format: severity, technique, pid, first seen, ancestry, evidence.</summary>
    public static void WriteFindingFacts(Utf8JsonWriter json, Finding finding, string firstSeenName)
    {
        json.WriteString("severity", finding.Severity.ToWire());
        json.WriteString("technique", finding.Technique);
        if (finding.Pid is { } pid)
        {
            json.WriteNumber("pid", pid);
        }
        json.WriteString(firstSeenName, finding.FirstSeen);
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
            json.WriteStartArray("args");
            foreach (var arg in step.Args)
            {
                json.WriteStringValue(arg);
            }
            json.WriteEndArray();
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
