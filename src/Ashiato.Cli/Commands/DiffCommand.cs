using System.CommandLine;
using Ashiato.Analysis;
using Ashiato.Analysis.Diff;
using Ashiato.Analysis.Output;
using Ashiato.Events;

namespace Ashiato.Cli.Commands;

/// <summary><c>ashiato diff</c>: what a run does that its baseline runs never did.</summary>
public static class DiffCommand
{
    /// <summary>Exit code with <c>--fail-on-new</c> when anything is new.</summary>
    public const int NewBehaviourExitCode = 1;

    public static Command Create()
    {
        var current = new Argument<string>("current") { Description = "The trace of the run to check (.jsonl.gz or .jsonl)." };
        var baselines = new Option<string[]>("--baseline")
        {
            Description = "A trace of a normal run; repeat for several.",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var format = new Option<ReportFormat>("--format")
        {
            Description = "text (for people) or json (stable, for tools).",
            DefaultValueFactory = _ => ReportFormat.Text,
        };
        var failOnNew = new Option<bool>("--fail-on-new") { Description = "Exit with 1 when anything is new." };
        var command = new Command("diff",
            "Show the hosts, executables, sensitive reads, writes and ports of a run that its baselines never had: over the"
            + " whole run, and for GitHub Actions jobs step by step (an action is matched by owner/repo across refs, a run"
            + " step by its name), so the report names the step and action that changed.")
        {
            current, baselines, format, failOnNew,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var currentPath = parse.GetValue(current)!;
            var baselinePaths = parse.GetValue(baselines) ?? [];
            if (baselinePaths.Length == 0)
            {
                throw new UserFacingException("give at least one --baseline trace of a normal run");
            }
            foreach (var path in baselinePaths.Append(currentPath))
            {
                TraceFiles.RequireExisting(path);
            }
            var outputFormat = parse.GetValue(format);
            if (outputFormat == ReportFormat.Sarif)
            {
                throw new UserFacingException("diff prints text or json; sarif is for detect");
            }
            var report = await BaselineDiff.ComputeAsync(baselinePaths, currentPath, cancellationToken);
            await using (var output = Console.OpenStandardOutput())
            {
                if (outputFormat == ReportFormat.Json)
                {
                    DiffJsonWriter.Write(report, output);
                }
                else
                {
                    await using var writer = new StreamWriter(output);
                    DiffTextWriter.Write(report, writer, TerminalStyle.ForStandardOutput());
                }
            }
            return parse.GetValue(failOnNew) && report.HasNew ? NewBehaviourExitCode : 0;
        });
        return command;
    }
}
