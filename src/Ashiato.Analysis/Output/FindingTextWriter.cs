using System.Text.Json;
using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Processes;
using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Output;

/// <summary>
/// Findings for people: grouped by severity then rule, each with its job and step, ancestry and evidence lines; then,
/// when the trace has GitHub Actions jobs, one line per finding by job and step, which says which action to look at.
/// </summary>
public static class FindingTextWriter
{
    private const int MaxEvidenceLines = 10;

    public static void Write(DetectionReport report, TextWriter output, TerminalStyle style)
    {
        foreach (var warning in report.Warnings)
        {
            output.WriteLine($"warning: {warning}");
        }
        if (report.Findings.Count == 0)
        {
            output.WriteLine($"No findings: {report.Rules.Count} rules ran over {report.TracePath}.");
            return;
        }
        foreach (var bySeverity in report.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key))
        {
            output.WriteLine(style.Severity(bySeverity.Key, $"{bySeverity.Key.ToWire().ToUpperInvariant()} ({bySeverity.Count()})"));
            foreach (var byRule in bySeverity.GroupBy(f => f.RuleId))
            {
                var first = byRule.First();
                output.WriteLine($"  {style.Bold(first.Title)} [{first.RuleId}, ATT&CK {first.Technique}]");
                foreach (var finding in byRule)
                {
                    WriteFinding(finding, output, style);
                }
            }
            output.WriteLine();
        }
        WriteByStep(report.Findings, output, style);
        WriteIncidents(report.Incidents, output, style);
        var counts = string.Join(", ", report.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToWire()}"));
        output.WriteLine($"{report.Findings.Count} finding{(report.Findings.Count == 1 ? "" : "s")} ({counts}) from {report.Rules.Count} rules over {report.TracePath}.");
    }

    private static void WriteFinding(Finding finding, TextWriter output, TerminalStyle style)
    {
        output.WriteLine($"    - {style.Severity(finding.Severity, finding.Summary)}");
        output.WriteLine($"      {style.Dim("process:")} {(finding.Pid is { } pid ? $"pid {pid}" : "unknown")}, first seen {finding.FirstSeen}"
            + (finding.Occurrences > 1 ? $", {finding.Occurrences} times" : "") + (finding.Incident > 0 ? $", incident {finding.Incident}" : ""));
        if (finding.Step is { } step)
        {
            var job = string.Join(", ", new[] { step.WorkflowJob, step.Repository }.OfType<string>());
            output.WriteLine($"      {style.Dim("step:")} {step.Describe()}{(job.Length > 0 ? $" ({job})" : "")}");
        }
        if (finding.Ancestry.Count > 0)
        {
            output.WriteLine($"      {style.Dim("ancestry:")}");
            for (var i = 0; i < finding.Ancestry.Count; i++)
            {
                output.WriteLine($"        {new string(' ', Math.Min(i, 12))}{(i == 0 ? "" : "└ ")}{Describe(finding.Ancestry[i])}");
            }
        }
        output.WriteLine($"      {style.Dim("evidence:")}");
        foreach (var element in finding.Evidence.Take(MaxEvidenceLines))
        {
            output.WriteLine($"        {EvidenceLine(element)}");
        }
        if (finding.Evidence.Count > MaxEvidenceLines)
        {
            output.WriteLine($"        … {finding.Evidence.Count - MaxEvidenceLines} more (see --format json)");
        }
    }

    /// <summary>
    /// One line per finding inside a job, by job and step in order: <c>HIGH runner-memory-read in step 4
    /// (evil-org/changed-files@v45) of job 5202-1796316412135: read /proc/5202/mem of Runner.Worker</c>.
    /// </summary>
    private static void WriteByStep(IReadOnlyList<Finding> findings, TextWriter output, TerminalStyle style)
    {
        var located = findings.Where(f => f.Step is not null)
            .OrderBy(f => f.Step!.JobId, StringComparer.Ordinal).ThenBy(f => f.Step!.Number)
            .ThenByDescending(f => f.Severity).ThenBy(f => f.FirstSeen, StringComparer.Ordinal)
            .ToList();
        if (located.Count == 0)
        {
            return;
        }
        output.WriteLine(style.Bold("By job and step"));
        foreach (var finding in located)
        {
            var severity = style.Severity(finding.Severity, finding.Severity.ToWire().ToUpperInvariant());
            output.WriteLine($"  {severity} {finding.RuleId} in {finding.Step!.Describe()}: {finding.Summary}");
        }
        output.WriteLine();
    }

    /// <summary>
    /// Each incident of two findings or more, with its timeline: <c>Incident 1 (HIGH) in step 4 (…) of job …</c>, then
    /// one line per finding in time order with its phase (download, credential read, memory read, upload, …).
    /// </summary>
    private static void WriteIncidents(IReadOnlyList<Incident> incidents, TextWriter output, TerminalStyle style)
    {
        var grouped = incidents.Where(i => i.Findings.Count > 1).ToList();
        if (grouped.Count == 0)
        {
            return;
        }
        output.WriteLine(style.Bold("Incidents"));
        foreach (var incident in grouped)
        {
            var severity = style.Severity(incident.Severity, incident.Severity.ToWire().ToUpperInvariant());
            output.WriteLine($"  Incident {incident.Number} ({severity}) in {incident.Scope}: {incident.Findings.Count} findings");
            foreach (var entry in incident.Timeline)
            {
                output.WriteLine($"    {entry.Timestamp}  {entry.Phase,-16} {entry.Finding.RuleId}: {entry.Finding.Summary}");
            }
        }
        output.WriteLine();
    }

    private static string Describe(ProcessStep step) => step.Forked
        ? $"{step.Comm} (pid {step.Pid}, forked without exec)"
        : $"{step.Program} (pid {step.Pid}): {Shorten(string.Join(' ', step.Args), 160)}";

    private static string EvidenceLine(JsonElement e)
    {
        var type = Text(e, "type");
        var detail = type switch
        {
            "process_exec" => $"exec {Text(e, "filename")}: {Shorten(string.Join(' ', e.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Select(x => x.ToString()) : []), 160)}",
            "file_open" => $"open {Text(e, "path")} {Text(e, "flags")}" + (Text(e, "resolved_path") is { Length: > 0 } r ? $" (→ {r})" : ""),
            "file_write" => $"write {Text(e, "path")} ({Raw(e, "bytes")} bytes)",
            "net_connect" => $"connect {Raw(e, "protocol")} {Text(e, "dst_addr")}:{Raw(e, "dst_port")}" + (Text(e, "hostname") is { Length: > 0 } h ? $" ({h})" : ""),
            "dns_query" => $"dns {Text(e, "qtype")} {Text(e, "hostname")}",
            "file_rename" => $"rename {Text(e, "path")} → {Text(e, "new_path")}",
            "file_delete" => $"delete {Text(e, "path")}",
            "file_chmod" => $"chmod {Text(e, "mode")} {Text(e, "path")}",
            "process_access" => $"{Text(e, "method")} pid {Raw(e, "target_pid")} {Text(e, "target_comm")}"
                + (Text(e, "target_relation") is { Length: > 0 } relation ? $" ({relation})" : ""),
            _ => type,
        };
        var comm = Text(e, "comm") is { Length: > 0 } name ? " " + name : "";
        return $"{Text(e, "timestamp")} pid {Raw(e, "pid")}{comm}: {detail}";
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static string Raw(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.ToString() : "";

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
