using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// A process the worker starts, given as the real ProcessInvoker takes it: a file name, one argument string (which .NET
/// splits into argv exactly as it does for the real runner), a working directory and the variables added to the
/// worker's own environment.
/// </summary>
internal sealed record ProcessSpec(string FileName, string Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string>? Environment = null);

/// <summary>
/// Starts every child of the worker, as the real ProcessInvoker does: System.Diagnostics.Process, stdin closed, stdout and
/// stderr read line by line, GITHUB_ACTIONS and CI set, the child's oom_score_adj raised. On cancellation it signals the
/// direct child only: SIGINT, a wait, SIGTERM, a wait, then SIGKILL of that one pid; descendants get nothing.
/// </summary>
internal sealed partial class ProcessInvoker(DiagLog log, RunnerTimeouts timeouts)
{
    private const string Source = "ProcessInvokerWrapper";
    private const int Sigint = 2;
    private const int Sigterm = 15;

    /// <summary>The real invoker lowers each child's OOM priority (DecreaseProcessPriority) so the runner outlives a step that eats memory.</summary>
    private const int ChildOomScoreAdjustment = 500;

    public async Task<int> ExecuteAsync(ProcessSpec spec, Action<string> onLine, CancellationToken cancellationToken, bool killProcessOnCancel = false)
    {
        log.Info(Source, "Starting process:");
        log.Info(Source, $"  File name: '{spec.FileName}'");
        log.Info(Source, $"  Arguments: '{spec.Arguments}'");
        log.Info(Source, $"  Working directory: '{spec.WorkingDirectory}'");
        log.Info(Source, "  Require exit code zero: 'False'");
        log.Info(Source, $"  Force kill process on cancellation: '{killProcessOnCancel}'");

        var start = new ProcessStartInfo(spec.FileName)
        {
            Arguments = spec.Arguments,
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in spec.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        start.Environment["GITHUB_ACTIONS"] = "true";
        if (!start.Environment.ContainsKey("CI") && Environment.GetEnvironmentVariable("CI") is null)
        {
            start.Environment["CI"] = "true";
        }

        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        var pid = process.Id;
        WriteOomScoreAdjustment(pid);
        process.StandardInput.Close();
        var output = Task.WhenAll(PumpAsync(process.StandardOutput, onLine), PumpAsync(process.StandardError, onLine));

        var cancellationFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => _ = CancelAsync(process, pid, exited.Task, killProcessOnCancel).ContinueWith(_ => cancellationFinished.TrySetResult(), TaskScheduler.Default)))
        {
            log.Info(Source, $"Process started with process id {pid}, waiting for process exit.");
            await exited.Task;
            // A descendant (a daemon, an orphan) may hold the pipes open after the child is gone: the real invoker waits 5 s, then moves on.
            if (await Task.WhenAny(output, Task.Delay(timeouts.OutputDrainMilliseconds)) != output)
            {
                log.Info(Source, $"STDOUT/STDERR of process {pid} still open {timeouts.OutputDrainMilliseconds} ms after it exited: a descendant holds them; not waiting longer.");
            }
            if (cancellationToken.IsCancellationRequested)
            {
                await cancellationFinished.Task;
                log.Info(Source, "Process Cancellation finished.");
            }
        }

        var exitCode = process.ExitCode;
        log.Info(Source, $"Finished process {pid} with exit code {exitCode}, and elapsed time {stopwatch.Elapsed}.");
        cancellationToken.ThrowIfCancellationRequested();
        return exitCode;
    }

    private async Task CancelAsync(Process process, int pid, Task exited, bool killProcessOnCancel)
    {
        if (!killProcessOnCancel)
        {
            if (await SignalAndWaitAsync(pid, Sigint, "SIGINT", timeouts.SigintMilliseconds, exited))
            {
                log.Info(Source, "Process cancelled successfully through Ctrl+C/SIGINT.");
                return;
            }
            if (await SignalAndWaitAsync(pid, Sigterm, "SIGTERM", timeouts.SigtermMilliseconds, exited))
            {
                log.Info(Source, "Process terminate successfully through Ctrl+Break/SIGTERM.");
                return;
            }
        }
        log.Info(Source, "Kill entire process tree since both cancel and terminate signal has been ignored by the target process.");
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
            }
        }
        catch (InvalidOperationException e)
        {
            log.Info(Source, $"Ignore InvalidOperationException during Process.Kill(): {e.Message}");
        }
    }

    private async Task<bool> SignalAndWaitAsync(int pid, int signal, string name, int timeoutMilliseconds, Task exited)
    {
        log.Info(Source, $"Sending {name} to process {pid}.");
        if (Kill(pid, signal) != 0)
        {
            log.Info(Source, $"{name} signal doesn't fire successfully.");
            log.Info(Source, $"Error code: {Marshal.GetLastPInvokeError()}.");
            return false;
        }
        var seconds = (timeoutMilliseconds / 1000.0).ToString(CultureInfo.InvariantCulture);
        log.Info(Source, $"Successfully send {name} to process {pid}.");
        log.Info(Source, $"Waiting for process exit or {seconds} seconds after {name} signal fired.");
        if (await Task.WhenAny(exited, Task.Delay(timeoutMilliseconds)) == exited)
        {
            log.Info(Source, "Process exit successfully.");
            return true;
        }
        log.Info(Source, $"Process did not honor {name} signal within {seconds} seconds.");
        return false;
    }

    private void WriteOomScoreAdjustment(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/oom_score_adj", ChildOomScoreAdjustment.ToString(CultureInfo.InvariantCulture));
            log.Info(Source, $"Updated oom_score_adj to {ChildOomScoreAdjustment} for PID: {pid}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Info(Source, $"Failed to update oom_score_adj for PID: {pid}: {e.Message}");
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
