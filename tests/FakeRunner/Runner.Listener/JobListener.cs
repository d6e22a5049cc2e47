using System.Globalization;
using FakeRunner.Protocol;

namespace FakeRunner.Listener;

/// <summary>The listener's message loop: poll the broker, run each job to the end, report it, until shut down.</summary>
internal sealed class JobListener(RunnerLayout layout, Broker broker, DiagLog log, bool runOnce)
{
    /// <summary>The real listener long-polls the service; the fake polls its broker directory this often.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task<int> RunAsync()
    {
        Console.WriteLine("√ Connected to GitHub");
        Console.WriteLine();
        Console.WriteLine($"Current runner version: '{RunnerVersion.Current}'");
        Say("Listening for Jobs");
        log.Info("Runner", $"Runner.Listener {RunnerVersion.Current} started as process {Environment.ProcessId}");
        var dispatcher = new JobDispatcher(layout, broker, log);
        while (true)
        {
            JobMessage? job;
            try
            {
                job = broker.TryAcquireNextJob();
            }
            catch (InvalidDataException e)
            {
                log.Error("Runner", $"Skipping a job message that cannot be read: {e.Message}");
                await Console.Error.WriteLineAsync($"Runner.Listener: skipping a job message that cannot be read: {e.Message}");
                continue;
            }

            if (job is not null)
            {
                Say($"Running job: {job.DisplayName}");
                var result = await dispatcher.RunAsync(job);
                ProtocolJson.WriteFileAtomically(broker.ResultFile(job.JobId), result);
                Say($"Job {job.DisplayName} completed with result: {result.Result}");
                if (runOnce)
                {
                    return 0;
                }
                continue;
            }

            if (File.Exists(broker.ShutdownFile))
            {
                log.Info("Runner", "Shutdown requested and no job is queued: exiting");
                return 0;
            }
            await Task.Delay(PollInterval);
        }
    }

    private static void Say(string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:u}: {message}"));
}
