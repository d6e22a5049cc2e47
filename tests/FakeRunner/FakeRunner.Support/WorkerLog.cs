using System.Globalization;
using System.Text.RegularExpressions;

namespace FakeRunner.Support;

/// <summary>One entry of a runner diagnostic log: <c>[yyyy-MM-dd HH:mm:ssZ LEVEL Source] message</c> (the message may span lines).</summary>
public sealed record DiagEntry(DateTime Time, string Level, string Source, string Message);

/// <summary>A process the worker says it started (ProcessInvokerWrapper's "Starting process:" block).</summary>
public sealed record StartedProcess(string FileName, string Arguments, string WorkingDirectory, int Pid);

/// <summary>Reads a Worker_*.log as a tracer's log reader would. Pure.</summary>
public static partial class WorkerLog
{
    public static IReadOnlyList<DiagEntry> Parse(string text)
    {
        var entries = new List<DiagEntry>();
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (Header().Match(line) is { Success: true } header)
            {
                entries.Add(new DiagEntry(
                    DateTime.ParseExact(header.Groups["time"].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                    header.Groups["level"].Value.Trim(),
                    header.Groups["source"].Value,
                    header.Groups["message"].Value));
            }
            else if (entries.Count > 0)
            {
                entries[^1] = entries[^1] with { Message = entries[^1].Message + "\n" + line };
            }
        }
        return entries;
    }

    /// <summary>The processes started, in order, from the invoker's lines (file name, arguments, working directory, then the pid).</summary>
    public static IReadOnlyList<StartedProcess> StartedProcesses(IReadOnlyList<DiagEntry> entries)
    {
        var started = new List<StartedProcess>();
        string? fileName = null, arguments = null, workingDirectory = null;
        foreach (var entry in entries.Where(e => e.Source == "ProcessInvokerWrapper"))
        {
            if (Field().Match(entry.Message) is { Success: true } field)
            {
                switch (field.Groups["name"].Value)
                {
                    case "File name":
                        fileName = field.Groups["value"].Value;
                        break;
                    case "Arguments":
                        arguments = field.Groups["value"].Value;
                        break;
                    case "Working directory":
                        workingDirectory = field.Groups["value"].Value;
                        break;
                }
            }
            else if (ProcessStarted().Match(entry.Message) is { Success: true } pid && fileName is not null)
            {
                started.Add(new StartedProcess(fileName, arguments ?? string.Empty, workingDirectory ?? string.Empty, int.Parse(pid.Groups[1].Value, CultureInfo.InvariantCulture)));
                fileName = arguments = workingDirectory = null;
            }
        }
        return started;
    }

    [GeneratedRegex(@"^\[(?<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)Z (?<level>INFO|WARN|ERR |VERB) (?<source>[A-Za-z.]+)\] (?<message>.*)$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^  (?<name>File name|Arguments|Working directory): '(?<value>.*)'$")]
    private static partial Regex Field();

    [GeneratedRegex(@"^Process started with process id (\d+), waiting for process exit\.$")]
    private static partial Regex ProcessStarted();
}
