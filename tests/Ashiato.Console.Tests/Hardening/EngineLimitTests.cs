using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Query.Sandbox;
using Ashiato.Web.Auth;
using Ashiato.Web.Backends;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Hardening;

/// <summary>The engines behind the tabs: capped, shared fairly between organisations, remembered, tied to the server.</summary>
[Trait("Category", "services")]
public sealed class EngineLimitTests : IDisposable
{
    private readonly SandboxBackends _sandbox = new();

    [Fact]
    public async Task A_query_flood_from_one_organisation_does_not_hold_back_another_organisations_query()
    {
        await using var console = await RunningConsole.StartAsync(_sandbox.Backends);
        var flood = console.Client(await console.CreateTokenAsync("flood", TokenRole.Admin));
        var quiet = console.Client(await console.CreateTokenAsync("quiet", TokenRole.Admin));
        var floodJob = await console.UploadAsync(flood, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));
        var quietJob = await console.UploadAsync(quiet, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));
        using var stopFlood = new CancellationTokenSource();

        // Queries that run for minutes: before, they took both workers and the global line behind them.
        var flooding = Enumerable.Range(0, 6)
            .Select(_ => flood.PostAsJsonAsync($"/api/jobs/{floodJob}/query", new { sql = SandboxBackends.LongQuery }, stopFlood.Token))
            .ToList();
        var answer = await quiet.PostAsJsonAsync($"/api/jobs/{quietJob}/query", new { sql = "SELECT 1 AS one" });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("[1]", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0].GetRawText());
        Assert.All(flooding, f => Assert.False(f.IsCompleted));
        await stopFlood.CancelAsync();
        await Task.WhenAll(flooding.Select(f => f.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    [Fact]
    public async Task A_crashed_query_worker_is_reported_in_one_sentence_without_its_own_text()
    {
        await using var console = await RunningConsole.StartAsync(_sandbox.Backends);
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var response = await client.PostAsJsonAsync($"/api/jobs/{id}/query", new { sql = "SELECT json_structure(repeat('[', 80000) || repeat(']', 80000))" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(SandboxQueryRunner.CrashMessage, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_rule_pack_over_its_memory_cap_fails_once_says_which_limit_and_is_not_run_again()
    {
        using var ashiato = new AshiatoChild(RulePackBackends.Command, new EngineLimits { MemoryMb = 96, DuckDbMemoryMb = 32 });
        var counting = new CountingDetections(new ProcessDetectionSource(ashiato));
        await using var console = await RunningConsole.StartAsync(new ConsoleBackends { Detections = counting });
        var client = console.Client();
        var id = await console.UploadAndSettleAsync(client, SampleTrace.Gzip(SampleTrace.Demo()));

        var first = await client.GetAsync($"/api/jobs/{id}/detections");
        var second = await client.GetAsync($"/api/jobs/{id}/detections");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        var message = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
        Assert.StartsWith("the rule pack ", message);
        Assert.DoesNotContain("Exception", message);
        Assert.Equal(message, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(1, counting.Runs); // the follow-up of the upload ran it; neither view did again
    }

    [Fact]
    public async Task Engine_processes_are_killed_when_the_thread_that_started_them_ends()
    {
        var spawner = new ChildSpawner();
        using var child = spawner.Start(new ProcessStartInfo("/bin/sleep", ["600"]) { UseShellExecute = false });

        spawner.Dispose(); // what the kernel sees when the server dies: the forking thread is gone

        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(128 + 9, child.ExitCode);
    }

    public void Dispose() => _sandbox.Dispose();

    /// <summary>The real rule pack, counting how often the console runs it.</summary>
    private sealed class CountingDetections(IDetectionSource inner) : IDetectionSource
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public Task<IReadOnlyList<DetectionFinding>> FindAsync(string tracePath, CancellationToken ct)
        {
            Interlocked.Increment(ref _runs);
            return inner.FindAsync(tracePath, ct);
        }
    }
}
