using Ashiato.Web.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ashiato.Web.Retention;

/// <summary>
/// Deletes jobs older than the retention period, on a timer driven by the injected clock, so tests move time
/// instead of waiting.
/// </summary>
public sealed class RetentionSweeper(
    IJobCatalog catalog, JobRemoval removal, ConsoleOptions options, TimeProvider time, ILogger<RetentionSweeper> log) : BackgroundService
{
    private const int Batch = 500;

    /// <summary>Raised after each sweep with the number of jobs deleted.</summary>
    public event Action<int>? Swept;

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.RetentionDays);
        var deleted = 0;
        while (true)
        {
            var expired = await catalog.ListCreatedBeforeAsync(cutoff, Batch, ct);
            foreach (var key in expired)
            {
                deleted += await removal.DeleteJobAsync(key, ct) ? 1 : 0;
            }
            if (expired.Count < Batch)
            {
                break;
            }
        }
        if (deleted > 0)
        {
            log.LogInformation("retention: deleted {Count} jobs created before {Cutoff:u}", deleted, cutoff);
        }
        Swept?.Invoke(deleted);
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "retention sweep failed; it runs again in {Interval}", options.SweepInterval);
            }
        }
    }
}
