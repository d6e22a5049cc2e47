using System.Diagnostics;
using System.Globalization;
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
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private RunningTracer(string output, IReadOnlyList<string> arguments)
    {
        OutputPath = output;
        var start = new ProcessStartInfo(AshiatoCli.Executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string OutputPath { get; }

    public int Pid => _process.Id;

    /// <summary>What the tracer printed so far (its summary, or an error).</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

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
    public void Interrupt() => CommandRunner.Run(["kill", "-INT", Pid.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>Waits for the tracer to exit (it must exit 0) and returns every record of its trace.</summary>
    public IReadOnlyList<JsonElement> WaitForExit()
    {
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(60)), $"the tracer did not stop; it said: {Output}");
        _process.WaitForExit(); // the output handlers are done
        Assert.True(_process.ExitCode == 0, $"the tracer exited with {_process.ExitCode}: {Output}");
        return AshiatoCli.ReadTrace(OutputPath);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
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

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }
}
