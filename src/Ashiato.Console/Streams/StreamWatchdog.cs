using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ashiato.Web.Streams;

/// <summary>
/// Ends the streams whose agent fell silent: no chunk and no heartbeat for <see cref="ConsoleOptions.StreamSilence"/>
/// (agents send one every second), so a job whose agent was killed shows as "trace ended abnormally", with the time it
/// was last heard. The silence counts from this console's start at the earliest: a console that was down heard nobody.
/// </summary>
public sealed class StreamWatchdog(JobStreams jobs, StreamStore streams, ConsoleOptions options, TimeProvider time, ILogger<StreamWatchdog> log)
    : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = time.GetUtcNow();
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            if (now - started < options.StreamSilence)
            {
                continue;
            }
            foreach (var stream in streams.RunningHeardBefore(now - options.StreamSilence))
            {
                try
                {
                    await jobs.EndAbnormallyAsync(stream, stoppingToken);
                    log.LogWarning("job {Job}: trace ended abnormally (agent last heard at {LastHeard:O})", stream.Key.Id, stream.LastHeardAt);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "job {Job}: could not end its stream", stream.Key.Id);
                }
            }
        }
    }
}
