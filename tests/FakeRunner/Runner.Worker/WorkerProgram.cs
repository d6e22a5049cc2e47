using System.IO.Pipes;
using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// <c>Runner.Worker spawnclient &lt;pipe in&gt; &lt;pipe out&gt;</c>: reads the job message from the listener's pipe, runs
/// the job, listens for a cancel request meanwhile, and exits with 100 plus the job's result, as the real worker does.
/// </summary>
internal static class WorkerProgram
{
    private const string Source = "Worker";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["spawnclient", var pipeIn, var pipeOut])
        {
            await Console.Error.WriteLineAsync("usage: Runner.Worker spawnclient <pipe handle in> <pipe handle out>");
            return 1;
        }

        var layout = RunnerLayout.OfRunningExecutable();
        using var log = DiagLog.Open(layout.Diag, "Worker");
        log.Info(Source, $"Version: {RunnerVersion.Current}");
        log.Info(Source, $"Process id: {Environment.ProcessId}");
        try
        {
            using var input = new AnonymousPipeClientStream(PipeDirection.In, InheritedPipe(pipeIn));
            using var output = new AnonymousPipeClientStream(PipeDirection.Out, InheritedPipe(pipeOut));
            var first = await WorkerChannel.ReceiveAsync(input, CancellationToken.None);
            if (first is not { Type: WorkerMessageType.NewJobRequest })
            {
                log.Error(Source, $"Expected a NewJobRequest first, got {first?.Type.ToString() ?? "the end of the pipe"}");
                return TaskResults.ToReturnCode(TaskResult.Failed);
            }
            var job = ProtocolJson.Deserialize<JobMessage>(first.Body, "job message");
            var masker = new SecretMasker(job.Secrets.Values);
            log.Info(Source, $"Job message:{Environment.NewLine}{masker.Mask(ProtocolJson.Serialize(job))}");

            using var jobCancellation = new CancellationTokenSource();
            _ = ListenForCancelAsync(input, jobCancellation, log);
            var result = await new JobRunner(layout, log, job, masker).RunAsync(jobCancellation.Token);
            log.Info(Source, $"Job result: {result}");
            return TaskResults.ToReturnCode(result);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            log.Error(Source, e.Message);
            await Console.Error.WriteLineAsync($"Runner.Worker: {e.Message}");
            return TaskResults.ToReturnCode(TaskResult.Failed);
        }
    }

    /// <summary>The handle as given, once it is known to be a pipe this process inherited (else one clear message).</summary>
    private static string InheritedPipe(string handle)
    {
        var target = int.TryParse(handle, out var fd) && fd >= 0 ? new FileInfo($"/proc/self/fd/{fd}").LinkTarget : null;
        if (target is null || !target.StartsWith("pipe:", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"pipe handle '{handle}' is not a pipe this process inherited: Runner.Worker runs under Runner.Listener");
        }
        return handle;
    }

    private static async Task ListenForCancelAsync(Stream input, CancellationTokenSource jobCancellation, DiagLog log)
    {
        try
        {
            while (await WorkerChannel.ReceiveAsync(input, CancellationToken.None) is { } message)
            {
                log.Info(Source, $"Received {message.Type} from the listener");
                if (message.Type is WorkerMessageType.CancelRequest or WorkerMessageType.RunnerShutdown or WorkerMessageType.OperatingSystemShutdown)
                {
                    await jobCancellation.CancelAsync();
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            log.Warning(Source, $"The listener's pipe failed: {e.Message}");
        }
    }
}
