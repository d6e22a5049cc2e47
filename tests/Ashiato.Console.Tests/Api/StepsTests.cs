using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Backends;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Api;

/// <summary>The GitHub Actions jobs of a trace in the API: the Steps tab, and the step and action of processes, hosts and files.</summary>
[Trait("Category", "services")]
public sealed class StepsTests
{
    private const string Job = SampleTrace.JobId;

    private static string Key(int step) => $"{Job}:{step}";

    private static IEnumerable<string?> Strings(JsonElement array, string? property = null) =>
        array.EnumerateArray().Select(e => property is null ? e.GetString() : e.GetProperty(property).GetString());

    private static async Task<(RunningConsole Console, HttpClient Client, string Id)> UploadJobAsync(ConsoleBackends? backends = null)
    {
        var console = await RunningConsole.StartAsync(backends);
        var client = console.Client();
        return (console, client, await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.MaliciousActionJob())));
    }

    [Fact]
    public async Task Steps_lists_each_step_with_what_it_ran_how_it_ended_and_what_its_processes_did()
    {
        var (console, client, id) = await UploadJobAsync();
        await using var _ = console;

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/steps");

        var steps = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4], steps.Select(s => s.GetProperty("step").GetInt32()));
        Assert.Equal(["runner", "hook", "run", "action", "run"], steps.Select(s => s.GetProperty("kind").GetString()));
        var evil = steps[3];
        Assert.Equal((Key(3), "changed-files", SampleTrace.EvilAction, 1230, 0, 1200L),
            (evil.GetProperty("key").GetString(), evil.GetProperty("name").GetString(), evil.GetProperty("action").GetString(),
                evil.GetProperty("pid").GetInt32(), evil.GetProperty("exit_code").GetInt32(), evil.GetProperty("duration_ms").GetInt64()));
        Assert.Equal((1, 1, 3, 2), (evil.GetProperty("processes").GetInt32(), evil.GetProperty("hosts").GetInt32(), evil.GetProperty("files").GetInt32(),
            evil.GetProperty("sensitive_files").GetInt32()));
        var run = evil.GetProperty("job");
        Assert.Equal(("build", "octo-org/octo-repo", "1658821493", 1, true),
            (run.GetProperty("workflow_job").GetString(), run.GetProperty("repository").GetString(), run.GetProperty("run_id").GetString(),
                run.GetProperty("exit_code").GetInt32(), run.GetProperty("runner_layout").GetBoolean()));
        Assert.Equal(1, steps[4].GetProperty("exit_code").GetInt32());
        // Step 0 is the worker and its housekeeping (tar).
        Assert.Equal(2, steps[0].GetProperty("processes").GetInt32());
    }

    [Fact]
    public async Task Hosts_and_files_name_the_steps_and_actions_that_touched_them_and_filter_by_step()
    {
        var (console, client, id) = await UploadJobAsync();
        await using var _ = console;

        var hosts = (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/connections")).GetProperty("items").EnumerateArray().ToList();
        var evilHost = hosts.Single(h => h.GetProperty("host").GetString() == "evil.example.net");
        var stepOfEvil = Assert.Single(evilHost.GetProperty("steps").EnumerateArray());
        Assert.Equal((Key(3), 3, "action", SampleTrace.EvilAction),
            (stepOfEvil.GetProperty("key").GetString(), stepOfEvil.GetProperty("step").GetInt32(), stepOfEvil.GetProperty("kind").GetString(),
                stepOfEvil.GetProperty("action").GetString()));
        // The listener's connection happened outside any job.
        Assert.Equal(0, hosts.Single(h => h.GetProperty("host").GetString() == "pipelines.actions.githubusercontent.com").GetProperty("steps").GetArrayLength());

        var ofStep = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/connections?step={Uri.EscapeDataString(Key(3))}");
        var dns = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/dns?step={Uri.EscapeDataString(Key(2))}");
        var files = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files?step={Uri.EscapeDataString(Key(3))}");
        var outside = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/connections?step=none");

        Assert.Equal(["evil.example.net"], Strings(ofStep.GetProperty("items"), "host"));
        Assert.Equal(["github.com"], Strings(dns.GetProperty("items"), "hostname"));
        Assert.Equal(["/proc/1200/maps", "/proc/1200/mem", "/home/runner/actions-runner/_work/octo-repo/octo-repo/src/index.ts"],
            Strings(files.GetProperty("items"), "path"));
        Assert.All(files.GetProperty("items").EnumerateArray(), f => Assert.Equal(SampleTrace.EvilAction, f.GetProperty("steps")[0].GetProperty("action").GetString()));
        Assert.Equal(["pipelines.actions.githubusercontent.com"], Strings(outside.GetProperty("items"), "host"));
    }

    [Fact]
    public async Task The_process_tree_of_a_step_hangs_from_its_root_and_stays_in_the_step()
    {
        var (console, client, id) = await UploadJobAsync();
        await using var _ = console;

        async Task<List<JsonElement>> Level(string query) =>
            [.. (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/processes?{query}")).GetProperty("items").EnumerateArray()];

        var worker = Assert.Single(await Level($"step={Uri.EscapeDataString(Key(0))}"));
        var housekeeping = await Level($"step={Uri.EscapeDataString(Key(0))}&parent=1200");
        var run = Assert.Single(await Level($"step={Uri.EscapeDataString(Key(2))}"));
        var listener = Assert.Single(await Level("step=none"));
        var everything = Assert.Single(await Level(""));
        var workerChildren = await Level("parent=1200");

        Assert.Equal((1200, 1), (worker.GetProperty("pid").GetInt32(), worker.GetProperty("children").GetInt32()));
        Assert.Equal([1201], housekeeping.Select(p => p.GetProperty("pid").GetInt32()));
        Assert.Equal((1220, 1, Key(2)), (run.GetProperty("pid").GetInt32(), run.GetProperty("children").GetInt32(), run.GetProperty("step").GetProperty("key").GetString()));
        Assert.Equal(1100, listener.GetProperty("pid").GetInt32());
        Assert.Equal(JsonValueKind.Null, listener.GetProperty("step").ValueKind);
        // Without a step, the tree is the whole trace: the listener, and under the worker every step's root.
        Assert.Equal(1100, everything.GetProperty("pid").GetInt32());
        Assert.Equal([1201, 1210, 1220, 1230, 1240], workerChildren.Select(p => p.GetProperty("pid").GetInt32()));
    }

    [Fact]
    public async Task A_step_filter_that_names_no_step_is_one_clear_error()
    {
        var (console, client, id) = await UploadJobAsync();
        await using var _ = console;

        var response = await client.GetAsync($"/api/jobs/{id}/files?step=not-a-step");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("step must be <job_id>:<step number> (as the steps list gives it) or none",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Findings_name_their_job_step_and_action()
    {
        var (console, client, id) = await UploadJobAsync(new ConsoleBackends { Detections = RulePackBackends.Detections() });
        await using var _ = console;

        var findings = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/detections");

        var mem = findings.EnumerateArray().Single(f => f.GetProperty("summary").GetString() == "read /proc/1200/mem of Runner.Worker");
        Assert.Equal(("high", Job, 3, "action", "changed-files", SampleTrace.EvilAction),
            (mem.GetProperty("severity").GetString(), mem.GetProperty("job_id").GetString(), mem.GetProperty("step").GetInt32(),
                mem.GetProperty("step_kind").GetString(), mem.GetProperty("step_name").GetString(), mem.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Comparing_with_a_run_without_the_attack_names_the_action_whose_behaviour_changed()
    {
        await using var console = await RunningConsole.StartAsync(RulePackBackends.All());
        var client = console.Client();
        var baseline = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.NormalActionJob()), "build #41");
        var current = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.MaliciousActionJob()), "build #42");

        var diff = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{current}/compare?baseline={baseline}");

        var step = Assert.Single(diff.GetProperty("steps").EnumerateArray());
        Assert.Equal(("build: action evil-org/changed-files", SampleTrace.EvilAction, false), (step.GetProperty("key").GetString(),
            step.GetProperty("action").GetString(), step.GetProperty("new_step").GetBoolean()));
        Assert.Equal([3], step.GetProperty("steps").EnumerateArray().Select(s => s.GetInt32()));
        var sections = step.GetProperty("sections").EnumerateArray().ToDictionary(s => s.GetProperty("title").GetString()!, s => Strings(s.GetProperty("items"), "key").ToList());
        Assert.Equal(["evil.example.net"], sections["Hosts"]);
        Assert.Equal(["/proc/<pid>/maps", "/proc/<pid>/mem"], sections["Sensitive reads"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_trace_without_jobs_has_no_steps_and_no_step_on_anything()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var steps = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/steps");
        var hosts = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/connections");
        var roots = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/processes");

        Assert.Equal(0, steps.GetProperty("total").GetInt32());
        Assert.All(hosts.GetProperty("items").EnumerateArray(), h => Assert.Equal(0, h.GetProperty("steps").GetArrayLength()));
        Assert.All(roots.GetProperty("items").EnumerateArray(), p => Assert.Equal(JsonValueKind.Null, p.GetProperty("step").ValueKind));
    }
}
