using System.Net;
using Ashiato.Web.Retention;
using Ashiato.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ashiato.Web.Tests.Api;

[Trait("Category", "services")]
public sealed class RetentionTests
{
    [Fact]
    public async Task Traces_are_kept_90_days_and_deleted_by_the_next_sweep_after()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var sweeper = console.Server.Services.GetRequiredService<RetentionSweeper>();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        console.Time.Advance(TimeSpan.FromDays(89));
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/jobs/{id}/trace.jsonl.gz")).StatusCode);

        // Moving the clock past the period fires the periodic sweep itself.
        var swept = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        sweeper.Swept += count =>
        {
            if (count > 0)
            {
                swept.TrySetResult(count);
            }
        };
        console.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        Assert.Equal(1, await swept.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Empty(console.StoredTraceFiles());
    }

    [Fact]
    public async Task A_retention_period_under_90_days_is_refused()
    {
        var options = new ConsoleOptions { DataDirectory = Path.GetTempPath(), RetentionDays = 30 };

        var error = await Assert.ThrowsAsync<Ashiato.Events.UserFacingException>(() => ConsoleHost.StartAsync(options, new()));

        Assert.Equal("the retention period is at least 90 days (got 30)", error.Message);
    }
}
