using System.Globalization;
using Ashiato.Events;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Cli.Output;

/// <summary>The short summary printed when a trace ends. Drops are shown loudly: a trace with losses must say so.</summary>
public static class TraceReport
{
    public static void Write(TextWriter output, string tracePath, TraceSummary summary)
    {
        var where = tracePath == "-" ? "stdout" : tracePath;
        output.WriteLine($"ashiato: trace written to {where}");
        output.WriteLine("  events:      " + string.Join(", ", EventKindNames.Captured.Select(k => $"{k.ToWire()} {summary.Events[k]}")));
        if (summary.TopExecutables.Count > 0)
        {
            output.WriteLine("  executables: " + string.Join(", ", summary.TopExecutables.Take(5).Select(e => $"{e.Executable} ({e.Execs})")));
        }
        output.WriteLine($"  written:     {summary.FilesWritten} files, {Bytes(summary.BytesWritten)}");
        foreach (var (path, bytes) in summary.TopWrites.Take(5))
        {
            output.WriteLine($"               {Bytes(bytes),10}  {path}");
        }
        var stats = summary.FinalStats;
        if (stats.TotalDropped > 0)
        {
            var byKind = stats.Dropped.Where(p => p.Value > 0).Select(p => $"{p.Key.ToWire()} {p.Value}");
            output.WriteLine($"  WARNING: {stats.TotalDropped} EVENTS WERE DROPPED ({string.Join(", ", byKind)}); the trace is incomplete");
        }
        else
        {
            output.WriteLine("  drops:       0");
        }
        if (stats.Truncated.Args + stats.Truncated.Paths + stats.Truncated.Env > 0)
        {
            output.WriteLine(
                $"  truncated:   {stats.Truncated.Args} argument lists, {stats.Truncated.Paths} paths, {stats.Truncated.Env} environments");
        }
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0 KiB", CultureInfo.InvariantCulture),
        < 1024L * 1024 * 1024 => (bytes / 1048576.0).ToString("0.0 MiB", CultureInfo.InvariantCulture),
        _ => (bytes / 1073741824.0).ToString("0.00 GiB", CultureInfo.InvariantCulture),
    };
}
