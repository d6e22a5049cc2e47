using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Api;

[Trait("Category", "services")]
public sealed class ViewsTests
{
    [Fact]
    public async Task The_summary_counts_types_ranks_hosts_and_executables_and_reports_completeness()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var summary = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/summary");

        Assert.Equal(4, summary.GetProperty("counts").GetProperty("process_exec").GetInt64());
        Assert.Equal("registry.example.org", summary.GetProperty("top_hosts")[0].GetProperty("name").GetString());
        Assert.Contains(summary.GetProperty("top_executables").EnumerateArray(), e => e.GetProperty("name").GetString() == "/usr/bin/npm");
        Assert.True(summary.GetProperty("completeness").GetProperty("complete").GetBoolean());
        Assert.Equal(3, summary.GetProperty("sensitive_files").GetInt32());
    }

    [Fact]
    public async Task Drops_and_a_missing_final_report_make_the_trace_incomplete()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var records = SampleTrace.RunnerMemoryRead().ToList();
        records[^1] = new Ashiato.Events.TracerStats
        {
            Timestamp = SampleTrace.Start.AddSeconds(9),
            Events = new Dictionary<Ashiato.Events.EventKind, long>(),
            Dropped = new Dictionary<Ashiato.Events.EventKind, long> { [Ashiato.Events.EventKind.FileOpen] = 42 },
            Truncated = new Ashiato.Events.TruncationCounts(3, 0),
            Final = false,
        };
        var id = await console.UploadAsync(client, SampleTrace.Gzip(records));

        var completeness = (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/summary")).GetProperty("completeness");

        Assert.False(completeness.GetProperty("complete").GetBoolean());
        Assert.Equal(42, completeness.GetProperty("dropped").GetInt64());
        Assert.Equal(42, completeness.GetProperty("dropped_by_type").GetProperty("file_open").GetInt64());
        var problems = completeness.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("42 events were dropped by the tracer", problems);
        Assert.Contains("3 arguments or paths were truncated", problems);
        Assert.Contains(problems, p => p!.StartsWith("the tracer did not end cleanly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_process_tree_expands_level_by_level_with_args_and_each_process_events()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var roots = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/processes");
        var runner = roots.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("comm").GetString() == "Runner.Worker");
        var children = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/processes?parent={SampleTrace.RunnerPid}");
        var bash = Assert.Single(children.GetProperty("items").EnumerateArray());
        var npm = (await client.GetFromJsonAsync<JsonElement>("/api/jobs/" + id + "/processes?parent=1300")).GetProperty("items")[0];
        var npmEvents = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/processes/1301/events?limit=2");

        Assert.Equal(1, runner.GetProperty("children").GetInt32());
        Assert.Equal(["bash", "-e", "/home/runner/work/_temp/step.sh"], bash.GetProperty("execs")[0].GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("npm install", string.Join(' ', npm.GetProperty("execs")[0].GetProperty("args").EnumerateArray().Select(a => a.GetString())));
        Assert.Equal(["process_exec", "dns_query"], npmEvents.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.True(npmEvents.GetProperty("more").GetBoolean());
    }

    [Fact]
    public async Task Network_groups_connections_by_the_host_name_its_dns_answer_gave()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var dns = (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/dns")).GetProperty("items")[0];
        var host = (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/connections")).GetProperty("items")[0];

        Assert.Equal("registry.example.org", dns.GetProperty("hostname").GetString());
        Assert.Equal(["104.16.23.35"], dns.GetProperty("answers").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("registry.example.org", host.GetProperty("host").GetString());
        Assert.Equal(["443/tcp"], host.GetProperty("ports").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["npm (1301)"], host.GetProperty("processes").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Files_list_sensitive_paths_first_and_filter_and_page()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var sensitive = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files?show=sensitive");
        var written = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files?show=written");
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files?limit=2&offset=2");

        Assert.Equal(["/home/runner/.netrc", "/proc/1200/maps", "/proc/1200/mem"],
            sensitive.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        var lockFile = Assert.Single(written.GetProperty("items").EnumerateArray());
        Assert.Equal(2048, lockFile.GetProperty("bytes_written").GetInt64());
        Assert.Equal(6, page.GetProperty("total").GetInt64());
        Assert.Equal("/proc/1200/mem", page.GetProperty("items")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task The_timeline_buckets_events_by_type()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/timeline?buckets=8");

        var series = timeline.GetProperty("series");
        Assert.Equal(5, series.GetProperty("file_open").EnumerateArray().Sum(c => c.GetInt64()));
        Assert.Equal(4, series.GetProperty("process_exec").EnumerateArray().Sum(c => c.GetInt64()));
        Assert.False(series.TryGetProperty("tracer_stats", out _));
        Assert.True(timeline.GetProperty("buckets").GetInt32() <= 8);
    }

    private static IEnumerable<int> Pids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("pid").GetInt32());

    [Fact]
    public async Task A_subshell_hangs_under_its_script_with_its_children_and_snapshot_execs_say_who_a_pid_is()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.GzipLines(SampleTrace.EvidenceLines()));

        var roots = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/processes");
        var underScript = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/processes?parent=1300");
        var underSubshell = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/processes?parent=1310");

        // One root: the worker. Without the fork record curl and node would be roots under an unknown parent 1310.
        var worker = Assert.Single(roots.GetProperty("items").EnumerateArray());
        Assert.Equal((1200, "Runner.Worker", true), (worker.GetProperty("pid").GetInt32(), worker.GetProperty("comm").GetString(),
            worker.GetProperty("execs")[0].GetProperty("snapshot").GetBoolean()));
        var subshell = Assert.Single(underScript.GetProperty("items").EnumerateArray());
        Assert.Equal((1310, true, 0, 2), (subshell.GetProperty("pid").GetInt32(), subshell.GetProperty("forked").GetBoolean(),
            subshell.GetProperty("execs").GetArrayLength(), subshell.GetProperty("children").GetInt32()));
        Assert.Equal([1311, 1312], Pids(underSubshell));
        var node = underSubshell.GetProperty("items")[1];
        Assert.Equal("/tmp/x/hook.so", node.GetProperty("execs")[0].GetProperty("env").GetProperty("LD_PRELOAD").GetString());
        Assert.False(node.GetProperty("execs")[0].GetProperty("snapshot").GetBoolean());
        var access = Assert.Single(node.GetProperty("accesses").EnumerateArray());
        Assert.Equal(("ptrace_attach", 1200, "Runner.Worker", "other"), (access.GetProperty("method").GetString(), access.GetProperty("target_pid").GetInt32(),
            access.GetProperty("target_comm").GetString(), access.GetProperty("relation").GetString()));
    }

    [Fact]
    public async Task The_files_view_shows_renames_both_ways_deletes_and_chmods()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.GzipLines(SampleTrace.EvidenceLines()));

        var changed = (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files?show=changed")).GetProperty("items").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!);
        var written = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files?show=written");
        var summary = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/summary");

        Assert.Equal(["/etc/cron.d/job", "/home/runner/.bash_history", "/tmp/x/job", "/tmp/x/sh"], changed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["/etc/cron.d/job"], changed["/tmp/x/job"].GetProperty("renamed_to").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["/tmp/x/job"], changed["/etc/cron.d/job"].GetProperty("renamed_from").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(1, changed["/home/runner/.bash_history"].GetProperty("deletes").GetInt64());
        Assert.Equal(["4755"], changed["/tmp/x/sh"].GetProperty("modes").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("setuid or setgid bit set", changed["/tmp/x/sh"].GetProperty("sensitive").GetString());
        Assert.Equal("shell history", changed["/home/runner/.bash_history"].GetProperty("sensitive").GetString());
        Assert.Equal("a cron schedule", changed["/etc/cron.d/job"].GetProperty("sensitive").GetString());
        // Renamed into place is written there.
        Assert.Equal(["/etc/cron.d/job"], written.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.Equal(1, summary.GetProperty("counts").GetProperty("file_rename").GetInt64());
    }
}
