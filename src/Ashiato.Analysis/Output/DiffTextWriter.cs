using Ashiato.Analysis.Diff;

namespace Ashiato.Analysis.Output;

/// <summary>A diff for people: each category with what is new, the raw value first seen, and who did it.</summary>
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
        output.WriteLine(style.Bold($"New in {report.Current} compared with {baselines}:"));
        foreach (var category in report.New)
        {
            output.WriteLine($"  {style.Bold(category.Category.Title())} ({category.Items.Count})");
            foreach (var item in category.Items)
            {
                var example = item.Example == item.Key ? "" : $" [{item.Example}]";
                var who = item.Pid is { } pid ? $"pid {pid} {item.Comm}, " : "";
                output.WriteLine($"    {style.Added("+ " + item.Key)}{example}  {style.Dim($"({who}first {item.FirstSeen}, {item.Count}×)")}");
            }
        }
        output.WriteLine($"{report.NewCount} new item{(report.NewCount == 1 ? "" : "s")}.");
    }
}
