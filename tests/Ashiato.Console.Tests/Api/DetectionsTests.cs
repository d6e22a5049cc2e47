using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Backends;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Api;

[Trait("Category", "services")]
public sealed class DetectionsTests
{
    [Fact]
    public async Task The_rule_pack_finds_the_runner_memory_read_with_its_evidence_and_the_list_shows_the_count()
    {
        await using var console = await RunningConsole.StartAsync(new ConsoleBackends { Detections = RulePackBackends.Detections() });
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var findings = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/detections");
        var job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");

        var runner = findings.EnumerateArray().Where(f => f.GetProperty("rule_id").GetString() == "runner-memory-read").ToList();
        Assert.NotEmpty(runner);
        Assert.All(runner, f => Assert.Equal("high", f.GetProperty("severity").GetString()));
        Assert.All(runner, f => Assert.Contains("Runner.Worker", f.GetProperty("description").GetString()));
        Assert.All(runner, f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("remediation").GetString())));
        var paths = runner.SelectMany(f => f.GetProperty("evidence").EnumerateArray()).Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("/proc/1200/mem", paths);
        Assert.Contains("/proc/1200/maps", paths);
        Assert.DoesNotContain("/proc/self/maps", paths);
        // The chain from the runner down to the node process that read the memory.
        Assert.All(runner, f => Assert.EndsWith("(1302)", f.GetProperty("ancestry").EnumerateArray().Last().GetString()));
        Assert.Equal(findings.GetArrayLength(), job.GetProperty("detections").GetInt32());
    }

    [Fact]
    public async Task After_an_upload_the_job_carries_its_finding_count_without_anyone_opening_it()
    {
        await using var console = await RunningConsole.StartAsync(new ConsoleBackends { Detections = RulePackBackends.Detections() });
        var client = console.Client();

        var id = await console.UploadAndSettleAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/jobs")).GetProperty("jobs")[0];
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.True(listed.GetProperty("detections").GetInt32() >= 2);
    }

    [Fact]
    public async Task A_clean_trace_has_no_findings()
    {
        await using var console = await RunningConsole.StartAsync(new ConsoleBackends { Detections = RulePackBackends.Detections() });
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.Busy(50)));

        var findings = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/detections");

        Assert.Equal(0, findings.GetArrayLength());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("detections").GetInt32());
    }

    [Fact]
    public async Task Without_a_rule_pack_the_detections_answer_says_so()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var response = await client.GetAsync($"/api/jobs/{id}/detections");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("the detection rule pack is not available on this server", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
