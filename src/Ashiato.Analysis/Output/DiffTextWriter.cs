using Ashiato.Analysis.Diff;

namespace Ashiato.Analysis.Output;

/// <summary>
/// A diff for people: each category with what is new, the raw value first seen, and who did it; then, inside GitHub
/// Actions jobs, each step whose behaviour changed, with what is new for that step.
/// </summary>
public static class DiffTextWriter
{
    public static void Write(DiffReport report, TextWriter output, TerminalStyle style)
    {
        var baselines = $"{report.Baselines.Count} baseline{(report.Baselines.Count == 1 ? "" : "s")}";
        if (!report.HasNew)
        {
            output.WriteLine($"No new behaviour: {report.Current} does nothing that {baselines} did not.");
            return;
        }
        if (report.NewCount > 0)
        {
            output.WriteLine(style.Bold($"New in {report.Current} compared with {baselines}:"));
            WriteCategories(report.New, output, style, "  ");
        }
        if (report.Steps.Count > 0)
        {
            output.WriteLine(style.Bold($"New by step, compared with the same step in {baselines}:"));
            foreach (var step in report.Steps)
            {
                output.WriteLine($"  {style.Bold(Title(step))}{Change(step)}");
                WriteCategories(step.New, output, style, "    ");
            }
        }
        var steps = report.Steps.Count == 0 ? "" : $"; {report.Steps.Count} step{(report.Steps.Count == 1 ? "" : "s")} changed";
        output.WriteLine($"{report.NewCount} new item{(report.NewCount == 1 ? "" : "s")}{steps}.");
    }

    /// <summary><c>steps 2, 5 (octo-org/setup-thing@v2) of job 5202-…</c>: every step under the key.</summary>
    private static string Title(StepDiff step)
    {
        var numbers = step.Current.Steps.Select(s => s.Number).Distinct().ToList();
        var first = step.Current.Steps[0];
        var jobs = step.Current.Steps.Select(s => s.JobId).Distinct(StringComparer.Ordinal).Count();
        return $"step{(numbers.Count == 1 ? "" : "s")} {string.Join(", ", numbers)} ({first.Label}) of job {first.JobId}{(jobs > 1 ? $" and {jobs - 1} more" : "")}";
    }

    private static string Change(StepDiff step) => step switch
    {
        { NewStep: true } => ": in no baseline",
        { RefChanged: true } => $": ref {string.Join(", ", step.Current.Refs.Order(StringComparer.Ordinal))}, baselines ran {string.Join(", ", step.BaselineRefs.Order(StringComparer.Ordinal))}",
        { ScriptChanged: true } => ": its script changed",
        _ => "",
    };

    private static void WriteCategories(IReadOnlyList<NewBehaviour> news, TextWriter output, TerminalStyle style, string indent)
    {
        foreach (var category in news)
        {
            output.WriteLine($"{indent}{style.Bold(category.Category.Title())} ({category.Items.Count})");
            foreach (var item in category.Items)
            {
                var example = item.Example == item.Key ? "" : $" [{item.Example}]";
                var who = item.Pid is { } pid ? $"pid {pid} {item.Comm}, " : "";
                output.WriteLine($"{indent}  {style.Added("+ " + item.Key)}{example}  {style.Dim($"({who}first {item.FirstSeen}, {item.Count}×)")}");
            }
        }
    }
}
