using System.Diagnostics;
using System.IO.Pipes;
using FakeRunner.Protocol;

namespace FakeRunner.Listener;

/// <summary>
/// Runs one job in a new worker, as the real JobDispatcher does: two anonymous pipes whose client ends the worker
/// inherits, <c>bin/Runner.Worker spawnclient &lt;fd&gt; &lt;fd&gt;</c> started in <c>bin/</c> with the listener's own
/// environment, the job message sent over the pipe. A cancel request is forwarded to the worker; a worker still running
/// after the job's cancel timeout is killed (that process only, so its steps' processes are orphaned).
/// </summary>
internal sealed class JobDispatcher(RunnerLayout layout, Broker broker, DiagLog log)
{
    private const string Source = "JobDispatcher";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public async Task<JobResult> RunAsync(JobMessage job)
    {
        using var toWorker = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.Inheritable);
        using var fromWorker = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
        var start = new ProcessStartInfo(layout.WorkerExecutable)
        {
            Arguments = $"spawnclient {toWorker.GetClientHandleAsString()} {fromWorker.GetClientHandleAsString()}",
            WorkingDirectory = layout.Bin,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        log.Info(Source, $"Starting process: File name: '{start.FileName}' Arguments: '{start.Arguments}' Working directory: '{start.WorkingDirectory}'");
        using var worker = Process.Start(start) ?? throw new IOException($"could not start {start.FileName}");
        var startedAt = DateTimeOffset.UtcNow;
        toWorker.DisposeLocalCopyOfClientHandle();
        fromWorker.DisposeLocalCopyOfClientHandle();
        worker.StandardInput.Close();
        log.Info(Source, $"Process started with process id {worker.Id}, waiting for process exit.");
        // Output is copied to the log in the background: an orphan that inherited the pipe may hold it open long after the worker is gone.
        _ = CopyToLogAsync(worker.StandardOutput);
        _ = CopyToLogAsync(worker.StandardError);

        await WorkerChannel.SendAsync(toWorker, new WorkerMessage(WorkerMessageType.NewJobRequest, ProtocolJson.Serialize(job)), CancellationToken.None);
        log.Info(Source, $"Sent job message {job.JobId} (request {job.RequestId}) to the worker");

        var cancelRequested = false;
        var killed = false;
        DateTimeOffset? killAt = null;
        while (!worker.HasExited)
        {
            if (!cancelRequested && File.Exists(broker.CancelFile(job.JobId)))
            {
                cancelRequested = true;
                killAt = DateTimeOffset.UtcNow.AddMilliseconds(job.Timeouts.JobCancelMilliseconds);
                log.Info(Source, $"Cancel job {job.JobId}: sending CancelRequest; the worker has {job.Timeouts.JobCancelMilliseconds} ms to finish");
                await SendCancelAsync(toWorker);
            }
            if (killAt is { } deadline && DateTimeOffset.UtcNow >= deadline)
            {
                log.Info(Source, $"Worker {worker.Id} did not finish within the cancel timeout: kill it");
                worker.Kill(entireProcessTree: false);
                killed = true;
                killAt = null;
            }
            await Task.Delay(PollInterval);
        }

        int? exitCode = killed ? null : worker.ExitCode;
        log.Info(Source, $"Worker {worker.Id} finished with exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (killed)"}");
        return new JobResult
        {
            JobId = job.JobId,
            RequestId = job.RequestId,
            WorkerPid = worker.Id,
            WorkerExitCode = exitCode,
            WorkerKilled = killed,
            CancelRequested = cancelRequested,
            Result = exitCode is { } code ? TaskResults.FromReturnCode(code) : TaskResult.Canceled,
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
        };
    }

    private async Task SendCancelAsync(Stream toWorker)
    {
        try
        {
            await WorkerChannel.SendAsync(toWorker, new WorkerMessage(WorkerMessageType.CancelRequest, string.Empty), CancellationToken.None);
        }
        catch (IOException e)
        {
            log.Warning(Source, $"Could not send the cancel request (the worker is exiting): {e.Message}");
        }
    }

    private async Task CopyToLogAsync(StreamReader output)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            log.Info(Source, $"Worker output: {line}");
        }
    }
}
