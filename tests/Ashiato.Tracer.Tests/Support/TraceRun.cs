using System.Diagnostics;
using System.Text.Json;
using Ashiato.Events.Jsonl;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>Runs the real `ashiato` CLI (built next to the tests) and reads back the trace it wrote.</summary>
public static class AshiatoCli
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "ashiato");

    /// <summary>Traces <paramref name="command"/> and returns the CLI's result with the trace's records.</summary>
    public static TraceResult Trace(IEnumerable<string> command, string? workingDirectory = null, params string[] options)
    {
        var output = Path.Combine(Path.GetTempPath(), $"ashiato-test-{Guid.NewGuid():N}.jsonl.gz");
        try
        {
            var result = CommandRunner.Run([Executable, "trace", "-o", output, .. options, "--", .. command], workingDirectory: workingDirectory);
            return new TraceResult(result, File.Exists(output) ? ReadTrace(output) : []);
        }
        finally
        {
            File.Delete(output);
        }
    }

    public static CommandResult Cli(params string[] arguments) => CommandRunner.Run([Executable, .. arguments]);

    /// <summary>Starts the CLI without waiting, for scopes that end on a signal.</summary>
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    public static IReadOnlyList<JsonElement> ReadTrace(string path)
    {
        var records = new List<JsonElement>();
        using var reader = TraceLineReader.Open(path);
        while (reader.TryReadLine(out var line))
        {
            records.Add(JsonDocument.Parse(line.Utf8).RootElement.Clone());
        }
        return records;
    }

    /// <summary>
    /// Waits until a line that <paramref name="match"/> accepts has reached the file (the tracer flushes about once a
    /// second, later on a loaded machine). A read that meets a gzip member still being written is tried again.
    /// </summary>
    public static void WaitForTraceLine(string path, Func<JsonElement, bool> match) =>
        Poll.Until(() =>
        {
            try
            {
                return File.Exists(path) && ReadTrace(path).Any(match);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or JsonException)
            {
                return false; // the tracer is in the middle of a flush
            }
        }, "the line to reach the trace file");

    /// <summary>Waits until the tracer has written its first line: from then on the kernel side is attached.</summary>
    public static void WaitForTraceStart(string path) =>
        Poll.Until(() => File.Exists(path) && new FileInfo(path).Length > 0, "the tracer to start");
}

public sealed record TraceResult(CommandResult Run, IReadOnlyList<JsonElement> Records)
{
    public IEnumerable<JsonElement> OfType(string type) =>
        Records.Where(r => r.GetProperty("type").GetString() == type);

    public IEnumerable<JsonElement> Opens(string path) =>
        OfType("file_open").Where(r => r.GetProperty("path").GetString() == path);
}

public static class JsonElementExtensions
{
    public static string? Str(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    public static int Int(this JsonElement element, string name) => element.GetProperty(name).GetInt32();
}
