using System.Diagnostics;

namespace FakeRunner.Support;

/// <summary>
/// How to start a runner's listener as its service would (runsvc.sh): <c>bin/Runner.Listener run</c> in the root, PATH
/// from <c>.path</c>, nothing else from whoever starts it. A tracer test runs this argv under <c>ashiato trace --</c>.
/// </summary>
public sealed record ListenerCommand(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    public IReadOnlyList<string> Argv => [FileName, .. Arguments];

    public ProcessStartInfo ToStartInfo()
    {
        var start = new ProcessStartInfo(FileName)
        {
            WorkingDirectory = WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }
        return start;
    }
}

/// <summary>A started listener; its output is collected without waiting for the pipes to close (orphans may hold them).</summary>
public sealed class ListenerProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();
    private readonly Lock _lock = new();
    private bool _disposed;

    internal ListenerProcess(ListenerCommand command)
    {
        _process = Process.Start(command.ToStartInfo()) ?? throw new InvalidOperationException($"could not start {command.FileName}");
        _process.StandardInput.Close();
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    public void WaitForExit(TimeSpan? timeout = null) =>
        Poll.Until(() => _process.HasExited, $"the listener {Pid} to exit; its output:\n{Output}", timeout);

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Kill();
        _process.Dispose();
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
