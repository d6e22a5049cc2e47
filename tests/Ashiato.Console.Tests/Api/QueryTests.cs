using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Api;

[Trait("Category", "services")]
public sealed class QueryTests : IDisposable
{
    private readonly SandboxBackends _sandbox = new();

    [Fact]
    public async Task The_documented_Runner_Worker_query_returns_the_memory_reads()
    {
        await using var console = await RunningConsole.StartAsync(_sandbox.Backends);
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var response = await client.PostAsJsonAsync($"/api/jobs/{id}/query", new { sql = SandboxBackends.DocumentedRunnerWorkerQuery });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var columns = result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        var data = columns.IndexOf("data");
        Assert.True(data >= 0, $"no data column in {string.Join(", ", columns)}");
        var paths = result.GetProperty("rows").EnumerateArray().Select(r => JsonDocument.Parse(Text(r[data])).RootElement.GetProperty("path").GetString());
        Assert.Equal(["/proc/1200/maps", "/proc/1200/mem"], paths.Order());
        Assert.False(result.GetProperty("truncated").GetBoolean());
        Assert.True(result.GetProperty("elapsed_ms").GetInt64() >= 0);
    }

    [Fact]
    public async Task The_new_records_have_typed_views_the_schema_lists_and_the_documented_query_knows_a_snapshot_worker()
    {
        await using var console = await RunningConsole.StartAsync(_sandbox.Backends);
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.GzipLines(
            [.. SampleTrace.EvidenceLines(), """{"type":"file_open","timestamp":"2026-11-20T10:00:08.000000Z","pid":1312,"ppid":1310,"comm":"node","path":"/proc/1200/mem","flags":"O_RDONLY"}"""]));

        var views = (await client.GetFromJsonAsync<JsonElement>("/api/query/views")).EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList());
        var documented = await (await client.PostAsJsonAsync($"/api/jobs/{id}/query", new { sql = SandboxBackends.DocumentedRunnerWorkerQuery }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var lineage = await (await client.PostAsJsonAsync($"/api/jobs/{id}/query", new
        {
            sql = "SELECT f.pid, f.ppid, x.comm, r.new_path FROM process_fork f JOIN process_exec x ON x.pid = f.ppid AND x.snapshot " +
                  "JOIN file_rename r ON r.pid IN (SELECT pid FROM process_exec WHERE ppid = f.pid AND env['LD_PRELOAD'] IS NOT NULL)",
        })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains("new_path", views["file_rename"]);
        Assert.Contains("target_relation", views["process_access"]);
        Assert.Contains("snapshot", views["process_exec"]);
        Assert.Equal(["ts", "job", "pid", "ppid", "comm", "job_id", "step", "action", "data"], views["process_fork"]);
        Assert.Contains("action", views["steps"]);
        Assert.Contains("github_job", views["runner_jobs"]);
        Assert.Single(documented.GetProperty("rows").EnumerateArray());
        Assert.Equal("[1310,1300,\"bash\",\"/etc/cron.d/job\"]", lineage.GetProperty("rows")[0].GetRawText());
    }

    [Fact]
    public async Task Every_example_of_the_library_runs_on_a_job()
    {
        await using var console = await RunningConsole.StartAsync(_sandbox.Backends);
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.Demo()));

        var examples = await client.GetFromJsonAsync<JsonElement>("/api/query/examples");

        Assert.Contains(examples.EnumerateArray(), e => e.GetProperty("sql").GetString()!.Contains("Runner.Worker", StringComparison.Ordinal));
        foreach (var example in examples.EnumerateArray())
        {
            var response = await client.PostAsJsonAsync($"/api/jobs/{id}/query", new { sql = example.GetProperty("sql").GetString() });
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{example.GetProperty("id")}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task An_sql_error_answers_400_with_the_message_and_its_position()
    {
        await using var console = await RunningConsole.StartAsync(_sandbox.Backends);
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var response = await client.PostAsJsonAsync($"/api/jobs/{id}/query", new { sql = "SELECT nope FROM events" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("nope", error.GetProperty("error").GetString());
        Assert.Equal(7, error.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task Cancelling_a_long_query_frees_its_worker_and_a_crashing_query_leaves_the_server_serving()
    {
        await using var console = await RunningConsole.StartAsync(_sandbox.Backends);
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                client.PostAsJsonAsync($"/api/jobs/{id}/query", new { sql = SandboxBackends.LongQuery }, cancel.Token));
        }
        var crash = await client.PostAsJsonAsync($"/api/jobs/{id}/query", new { sql = "SELECT json_structure(repeat('[', 80000) || repeat(']', 80000))" });

        Assert.Equal(HttpStatusCode.BadRequest, crash.StatusCode);
        // Both sandbox slots are free again: had the cancelled query kept running, one of these would wait for minutes.
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            client.PostAsJsonAsync($"/api/jobs/{id}/query", new { sql = "SELECT count(*) AS n FROM events" })))
            .WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var response in both)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(14, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0][0].GetInt64());
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    private static string Text(JsonElement cell) => cell.ValueKind == JsonValueKind.String ? cell.GetString()! : cell.GetRawText();

    public void Dispose() => _sandbox.Dispose();
}
