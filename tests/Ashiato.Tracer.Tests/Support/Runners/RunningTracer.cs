using System.Text;
using System.Text.Json;
using Ashiato.Events.Jsonl;

namespace Ashiato.Tracer.Tests.Support.Runners;

/// <summary>
/// An <c>ashiato trace</c> that runs while a test drives fake runners: started in the background, watched through the
/// file it writes (flushed about once a second), stopped by SIGINT or by its command's exit, then read back.
/// </summary>
public sealed class RunningTracer : IDisposable
{
    private readonly CliProcess _process;

    private RunningTracer(string output, IReadOnlyList<string> arguments)
    {
        OutputPath = output;
        _process = new CliProcess(arguments);
    }

    public string OutputPath { get; }

    public int Pid => _process.Pid;

    /// <summary>What the tracer printed so far (its summary, or an error).</summary>
    public string Output => _process.Output;

    /// <summary>Starts <c>ashiato trace -o &lt;temporary file&gt; <paramref name="arguments"/></c> and waits until it traces.</summary>
    public static RunningTracer Start(params string[] arguments)
    {
        var output = Path.Combine(Path.GetTempPath(), $"ashiato-jobs-{Guid.NewGuid():N}.jsonl.gz");
        var tracer = new RunningTracer(output, ["trace", "-o", output, .. arguments]);
        Poll.Until(() => File.Exists(output) && new FileInfo(output).Length > 0 || tracer._process.HasExited, "the tracer to start");
        Assert.False(tracer._process.HasExited, $"the tracer exited at once: {tracer.Output}");
        return tracer;
    }

    /// <summary>
    /// Waits until a line of the trace contains <paramref name="text"/> and <paramref name="match"/> accepts it. The
    /// text is searched first, so a large trace (<c>--all</c>) is parsed only where it matters.
    /// </summary>
    public void WaitForLine(string text, Func<JsonElement, bool> match, string what) =>
        Poll.Until(() => ReadLines(text).Any(match), $"{what} in the trace; the tracer said: {Output}");

    /// <summary>SIGINT, as a user stopping an <c>--all</c> or <c>--pid</c> trace.</summary>
    public void Interrupt() => _process.Signal("INT");

    /// <summary>Waits for the tracer to exit (it must exit 0) and returns every record of its trace.</summary>
    public IReadOnlyList<JsonElement> WaitForExit()
    {
        var exitCode = _process.WaitForExit();
        Assert.True(exitCode == 0, $"the tracer exited with {exitCode}: {Output}");
        return AshiatoCli.ReadTrace(OutputPath);
    }

    public void Dispose()
    {
        _process.Dispose();
        File.Delete(OutputPath);
    }

    private List<JsonElement> ReadLines(string text)
    {
        var found = new List<JsonElement>();
        var needle = Encoding.UTF8.GetBytes(text);
        try
        {
            using var reader = TraceLineReader.Open(OutputPath);
            while (reader.TryReadLine(out var line))
            {
                if (line.Utf8.Span.IndexOf(needle) >= 0)
                {
                    found.Add(JsonDocument.Parse(line.Utf8).RootElement.Clone());
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or JsonException)
        {
            // The tracer is in the middle of a flush: what was read so far counts, the rest comes next time.
        }
        return found;
    }
}
