using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Engines;
using Ashiato.Web.Profiles;
using Ashiato.Web.Storage;
using Ashiato.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ashiato.Web.Tests.Hardening;

/// <summary>
/// <c>bash -c 'for i in $(seq 30000); do /bin/true; done'</c>: one shell with 30,000 children. Expanding it pages through
/// an index; a viewer who leaves stops the work done for them.
/// </summary>
[Trait("Category", "services")]
public sealed class ProcessTreeTests
{
    private const int Children = 30_000;

    [Fact]
    public async Task A_shell_with_30000_children_expands_page_by_page_in_start_order()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.GzipLines(ShellLoop()));

        var roots = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/processes");
        var last = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/processes?parent=100&offset={Children - 50}&limit=100");

        var shell = Assert.Single(roots.GetProperty("items").EnumerateArray());
        Assert.Equal(Children, shell.GetProperty("children").GetInt32());
        Assert.Equal(Children, last.GetProperty("total").GetInt64());
        var pids = last.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("pid").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1000 + Children - 50, 50), pids);
    }

    [Fact]
    public async Task A_viewer_who_leaves_while_the_views_wait_for_their_turn_cancels_the_build()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAndSettleAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));
        var profiles = console.Server.Services.GetRequiredService<JobProfiles>();
        var gate = (FairGate)console.Server.Services.GetRequiredService<EngineGates>().Profiles;
        Assert.True(JobId.TryParse(id, out var jobId));
        var key = new JobKey("default", jobId);
        profiles.Forget(key);
        var cancelled = new TaskCompletionSource<JobKey>(TaskCreationOptions.RunContinuationsAsynchronously);
        profiles.BuildCancelled += k => cancelled.TrySetResult(k);

        // Another view of the same organisation holds its one slot, so this build waits in line.
        var held = await gate.EnterAsync("default", CancellationToken.None);
        using var leave = new CancellationTokenSource();
        var viewing = client.GetAsync($"/api/jobs/{id}/summary", leave.Token);
        await Poll.UntilAsync(() => gate.Waiting == 1, "the build to wait for its turn");
        await leave.CancelAsync();

        Assert.Equal(key, await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => viewing);
        Assert.Equal(0, gate.Waiting);
        held.Dispose();
        // Nothing was remembered of the abandoned build: the next viewer gets the job.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/jobs/{id}/summary")).StatusCode);
    }

    private static IEnumerable<string> ShellLoop()
    {
        var start = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        string At(int i) => start.AddMilliseconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        yield return $$"""{"type":"process_exec","timestamp":"{{At(0)}}","pid":100,"ppid":1,"comm":"bash","filename":"/bin/bash","args":["bash","-c","for i in $(seq 30000); do /bin/true; done"]}""";
        for (var i = 0; i < Children; i++)
        {
            yield return $$"""{"type":"process_exec","timestamp":"{{At(i + 1)}}","pid":{{1000 + i}},"ppid":100,"comm":"true","filename":"/bin/true","args":["/bin/true"]}""";
        }
    }
}
