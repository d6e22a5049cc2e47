using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Query.Sandbox;
using Ashiato.Web;
using Ashiato.Web.Backends;
using Ashiato.Web.Bench;

// Loopback figures for the console: upload and page-data times at 10k and 100k events, then 20 parallel uploads
// with 50 parallel sandboxed queries. Prints a Markdown table for docs/benchmarks.md.
if (args is ["hostile", ..])
{
    // dotnet run -c Release --project bench/Ashiato.Console.Bench -- hostile [ASHIATO_DLL] [BOMB_MB]
    await HostileBench.RunAsync(args.Length > 1 ? Path.GetFullPath(args[1]) : Path.Combine(AppContext.BaseDirectory, "ashiato.dll"),
        (args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 128) << 20);
    return;
}

const string Token = "bench-admin-token-0123456789";
var data = Directory.CreateTempSubdirectory("ashiato-console-bench-").FullName;
using var sandbox = new QuerySandbox();
using var ashiato = new AshiatoChild(["dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "ashiato.dll")], TimeSpan.FromMinutes(5));
var backends = new ConsoleBackends
{
    Query = new SandboxQueryRunner(sandbox, new QueryLimits()),
    Examples = new LibraryQueryExamples(),
    Detections = new ProcessDetectionSource(ashiato),
    Comparer = new ProcessJobComparer(ashiato),
};
await using var server = await ConsoleHost.StartAsync(
    new ConsoleOptions { DataDirectory = data, Urls = ["http://127.0.0.1:0"], AdminToken = Token, MaxUploadBytes = 1L << 30 }, backends);
using var http = new HttpClient { BaseAddress = new Uri(server.Urls[0]), Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
var rows = new List<(string What, string Figure)>();

foreach (var size in new[] { 10_000, 100_000 })
{
    var body = BenchTrace.Gzip(size);
    var id = "";
    var upload = await TimeAsync(async () => id = await UploadAsync(body, $"bench {size}"));
    rows.Add(($"upload + validate, {size:N0} events ({body.Length / 1024} KiB gz)", $"{upload:F0} ms"));
    rows.Add(($"summary, first view right after the upload, {size:N0}", $"{await TimeAsync(() => GetAsync($"/api/jobs/{id}/summary")):F0} ms"));
    rows.Add(($"summary, cached, {size:N0}", $"{await TimeAsync(() => GetAsync($"/api/jobs/{id}/summary")):F1} ms"));
    rows.Add(($"files page (100 rows, search), {size:N0}", $"{await TimeAsync(() => GetAsync($"/api/jobs/{id}/files?q=h1&limit=100")):F1} ms"));
    rows.Add(($"one process's events (scan), {size:N0}", $"{await TimeAsync(() => GetAsync($"/api/jobs/{id}/processes/{1000 + size / 40}/events")):F0} ms"));
    rows.Add(($"sandboxed query, count by type, {size:N0}", $"{await TimeAsync(() => QueryAsync(id)):F0} ms"));
    rows.Add(($"detections (ashiato detect, child process), {size:N0}", $"{await TimeAsync(() => GetAsync($"/api/jobs/{id}/detections")):F0} ms"));
    rows.Add(($"compare with itself (ashiato diff, child process), {size:N0}", $"{await TimeAsync(() => GetAsync($"/api/jobs/{id}/compare?baseline={id}")):F0} ms"));
}

var small = BenchTrace.Gzip(10_000);
var target = await UploadAsync(small, "load target");
var latencies = new List<double>();
var wall = Stopwatch.StartNew();
var uploads = Enumerable.Range(0, 20).Select(i => UploadAsync(small, $"load #{i}")).ToList();
var queries = Enumerable.Range(0, 50).Select(async _ =>
{
    var watch = Stopwatch.StartNew();
    var count = await QueryAsync(target);
    lock (latencies)
    {
        latencies.Add(watch.Elapsed.TotalMilliseconds);
    }
    return count;
}).ToList();
var ids = await Task.WhenAll(uploads);
var counts = await Task.WhenAll(queries);
wall.Stop();
var intact = 0;
foreach (var id in ids)
{
    intact += (await http.GetByteArrayAsync($"api/jobs/{id}/trace.jsonl.gz")).AsSpan().SequenceEqual(small) ? 1 : 0;
}
latencies.Sort();
rows.Add(("20 parallel uploads (10k events) + 50 parallel queries: wall time", $"{wall.Elapsed.TotalMilliseconds:F0} ms"));
rows.Add(("  query latency p50 / p95 under that load", $"{latencies[latencies.Count / 2]:F0} / {latencies[(int)(latencies.Count * 0.95)]:F0} ms"));
rows.Add(("  uploads intact / queries correct", $"{intact}/20, {counts.Count(c => c == 10_000)}/50"));

Console.WriteLine($"Console on loopback, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}\n");
Console.WriteLine("| measurement | figure |\n|---|---|");
foreach (var (what, figure) in rows)
{
    Console.WriteLine($"| {what} | {figure} |");
}
Directory.Delete(data, recursive: true);

async Task<string> UploadAsync(byte[] body, string job)
{
    var created = await http.PostAsJsonAsync("api/jobs", new { job });
    var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    var content = new ByteArrayContent(body);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
    (await http.PutAsync($"api/jobs/{id}/trace", content)).EnsureSuccessStatusCode();
    return id;
}

async Task GetAsync(string path) => (await http.GetAsync(path.TrimStart('/'))).EnsureSuccessStatusCode();

async Task<long> QueryAsync(string id)
{
    var response = await http.PostAsJsonAsync($"api/jobs/{id}/query", new { sql = "SELECT count(*) FROM events WHERE json_extract_string(data, '$.type') <> 'x'" });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0][0].GetInt64();
}

static async Task<double> TimeAsync(Func<Task> action)
{
    var watch = Stopwatch.StartNew();
    await action();
    return watch.Elapsed.TotalMilliseconds;
}
