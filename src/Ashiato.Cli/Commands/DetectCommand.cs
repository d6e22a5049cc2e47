using System.CommandLine;
using Ashiato.Analysis;
using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Output;
using Ashiato.Analysis.Rules;
using Ashiato.Events;

namespace Ashiato.Cli.Commands;

/// <summary><c>ashiato detect</c>: runs the rule pack over a trace and prints the findings.</summary>
public static class DetectCommand
{
    /// <summary>Exit code when a finding reaches the <c>--fail-on</c> severity.</summary>
    public const int FindingsExitCode = 1;

    public static Command Create()
    {
        var trace = new Argument<string>("trace") { Description = "The trace file (.jsonl.gz or .jsonl)." };
        var format = new Option<ReportFormat>("--format")
        {
            Description = "text (for people), json (stable, for tools) or sarif (SARIF 2.1.0 for code scanning).",
            DefaultValueFactory = _ => ReportFormat.Text,
        };
        var failOn = new Option<string?>("--fail-on") { Description = "Exit with 1 when a finding is at least this severe: low, medium or high." };
        failOn.AcceptOnlyFromAmong("low", "medium", "high");
        var rules = new Option<string?>("--rules")
        {
            Description = $"A folder of your own rules (*.sql) added to the built-in ones; its {RulePack.AllowListFileName} extends the registry allow-list.",
        };
        var command = new Command("detect", "Run the detection rules over a trace: runner memory reads, credential files, download-and-execute, install egress, tampering.")
        {
            trace, format, failOn, rules,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(trace)!;
            if (path != "-")
            {
                TraceFiles.RequireExisting(path);
            }
            var pack = RulePack.BuiltIn();
            if (parse.GetValue(rules) is { } directory)
            {
                pack = pack.WithDirectory(directory);
            }
            var report = await new DetectionEngine(pack).RunAsync(path, cancellationToken);
            await using (var output = Console.OpenStandardOutput())
            {
                switch (parse.GetValue(format))
                {
                    case ReportFormat.Json:
                        FindingJsonWriter.Write(report, output);
                        break;
                    case ReportFormat.Sarif:
                        SarifWriter.Write(report, output);
                        break;
                    default:
                        await using (var writer = new StreamWriter(output))
                        {
                            FindingTextWriter.Write(report, writer, TerminalStyle.ForStandardOutput());
                        }
                        break;
                }
            }
            return parse.GetValue(failOn) is { } threshold && report.HighestSeverity >= SeverityNames.Parse(threshold, "--fail-on")
                ? FindingsExitCode
                : 0;
        });
        return command;
    }
}
