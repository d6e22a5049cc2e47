using System.Text.Json;
using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Processes;
using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Output;

/// <summary>Findings for people: grouped by severity then rule, each with its ancestry and evidence lines.</summary>
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
        var counts = string.Join(", ", report.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToWire()}"));
        output.WriteLine($"{report.Findings.Count} finding{(report.Findings.Count == 1 ? "" : "s")} ({counts}) from {report.Rules.Count} rules over {report.TracePath}.");
    }

    private static void WriteFinding(Finding finding, TextWriter output, TerminalStyle style)
    {
        output.WriteLine($"    - {style.Severity(finding.Severity, finding.Summary)}");
        output.WriteLine($"      {style.Dim("process:")} {(finding.Pid is { } pid ? $"pid {pid}" : "unknown")}, first seen {finding.FirstSeen}");
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
