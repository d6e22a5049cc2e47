using Ashiato.Web.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ashiato.Web.Retention;

/// <summary>
/// Deletes jobs older than the retention period: once at start-up (a server restarted more often than the interval
/// would otherwise never sweep), then on a timer driven by the injected clock, so tests move time instead of waiting.
/// </summary>
public sealed class RetentionSweeper(
    IJobCatalog catalog, JobRemoval removal, ConsoleOptions options, TimeProvider time, ILogger<RetentionSweeper> log) : BackgroundService
{
    private const int Batch = 500;

    /// <summary>Raised after each sweep with the number of jobs deleted.</summary>
    public event Action<int>? Swept;

    /// <summary>The last sweep that ran, and when the next one is due (what the console shows operators).</summary>
    public RetentionStatus Status { get; private set; } = new(options.RetentionDays, null, null, null);

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
        var now = time.GetUtcNow();
        Status = new RetentionStatus(options.RetentionDays, now, deleted, now + options.SweepInterval);
        Swept?.Invoke(deleted);
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, time);
        do
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
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>The retention period, the last sweep (when, how many jobs it deleted) and the next one.</summary>
public sealed record RetentionStatus(int RetentionDays, DateTimeOffset? LastRun, int? LastDeleted, DateTimeOffset? NextRun);

/// <summary>GET /api/retention: what the sweep keeps and when it last and next runs.</summary>
public static class RetentionApi
{
    public static IEndpointRouteBuilder MapRetention(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/retention", (RetentionSweeper sweeper) => TypedResults.Ok(sweeper.Status))
            .RequireAuthorization(Auth.ConsolePolicies.Read).WithTags("Retention");
        return routes;
    }
}
