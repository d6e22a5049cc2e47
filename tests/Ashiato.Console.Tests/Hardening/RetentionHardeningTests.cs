using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Auth;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Hardening;

/// <summary>Retention that runs when the server starts, says when it ran, runs on demand, and a bound on pending jobs.</summary>
[Trait("Category", "services")]
public sealed class RetentionHardeningTests
{
    private static readonly DateTimeOffset Start = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_restart_after_the_period_sweeps_at_once_and_shows_its_last_and_next_run()
    {
        var data = Directory.CreateTempSubdirectory("ashiato-console-").FullName;
        var first = await RunningConsole.StartAsync(dataDirectory: data, now: Start);
        var id = await first.UploadAsync(first.Client(), SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));
        await first.Server.DisposeAsync();

        var restart = Start.AddDays(91);
        await using var second = await RunningConsole.StartAsync(dataDirectory: data, now: restart);
        var client = second.Client();
        JsonElement status = default;
        await Poll.UntilAsync(async () =>
        {
            status = await client.GetFromJsonAsync<JsonElement>("/api/retention");
            return status.GetProperty("last_run").ValueKind != JsonValueKind.Null;
        }, "the start-up sweep");

        Assert.Equal(restart, status.GetProperty("last_run").GetDateTimeOffset());
        Assert.Equal(1, status.GetProperty("last_deleted").GetInt32());
        Assert.Equal(restart.AddHours(1), status.GetProperty("next_run").GetDateTimeOffset());
        Assert.Equal(90, status.GetProperty("retention_days").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Empty(second.StoredTraceFiles());
    }

    [Fact]
    public async Task Retention_run_deletes_expired_jobs_of_a_live_console_now()
    {
        await using var console = await RunningConsole.StartAsync(now: DateTimeOffset.UtcNow.AddDays(-100));
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var (exit, stdout, stderr) = await AshiatoProcess.RunAsync("retention", "run", "--data", console.DataDirectory);

        Assert.True(exit == 0, stderr);
        Assert.Equal("deleted 1 jobs created more than 90 days ago", stdout.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Empty(console.StoredTraceFiles());
    }

    [Fact]
    public async Task An_organisation_cannot_pile_up_jobs_that_never_get_a_trace()
    {
        await using var console = await RunningConsole.StartAsync(configure: o => o with { MaxPendingJobsPerOrg = 3 });
        var client = console.Client();
        for (var i = 0; i < 3; i++)
        {
            await RunningConsole.CreateJobAsync(client);
        }

        var refused = await client.PostAsJsonAsync("/api/jobs", new { job = "one too many" });
        var elsewhere = await console.Client(await console.CreateTokenAsync("other", TokenRole.Ingest)).PostAsJsonAsync("/api/jobs", new { job = "x" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("3 jobs waiting for their trace", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }
}
