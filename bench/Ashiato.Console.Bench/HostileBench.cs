using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Ashiato.Web.Bench;

/// <summary>
/// Issue 19's bench: a real <c>ashiato serve</c> process under hostile load, with its peak RSS (VmHWM) and the p99
/// latency of <c>/healthz</c> sampled throughout: an upload-bomb mix, a 50k-process tree with four viewers, and a query
/// flood from one organisation while another runs <c>SELECT 1</c>. <c>ashiato.dll</c> may be another build's, to
/// compare designs side by side.
/// </summary>
public static class HostileBench
{
    private const string Token = "bench-admin-token-0123456789";

    public static async Task RunAsync(string ashiatoDll, long bombBytes)
    {
        var data = Directory.CreateTempSubdirectory("ashiato-hostile-bench-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { "exec", ashiatoDll, "serve", "--data", data, "--listen", $"127.0.0.1:{port}", "--max-upload-mb", "1024" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["ASHIATO_ADMIN_TOKEN"] = Token },
        };
        using var server = Process.Start(start)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await WaitForHealthAsync(http);
        Console.WriteLine($"ashiato serve ({ashiatoDll}) on 127.0.0.1:{port}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n");
        Console.WriteLine("| scenario | server peak RSS | /healthz p99 | figures |\n|---|---|---|---|");
        try
        {
            await ScenarioAsync("upload-bomb mix", server, http, () => UploadBombsAsync(http, bombBytes));
            await ScenarioAsync("50k-process tree, four viewers", server, http, () => TreeViewersAsync(http));
            await ScenarioAsync("query flood from one org, SELECT 1 from another", server, http, () => QueryFloodAsync(http, ashiatoDll, data));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task ScenarioAsync(string name, Process server, HttpClient http, Func<Task<string>> scenario)
    {
        using var done = new CancellationTokenSource();
        var health = SampleHealthAsync(http, done.Token);
        string figures;
        try
        {
            figures = await scenario();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            figures = $"failed: {e.GetType().Name}: {e.Message} (server {(server.HasExited ? $"exited {server.ExitCode}" : "alive")})";
        }
        await done.CancelAsync();
        var latencies = await health;
        Console.WriteLine($"| {name} | {PeakRssMb(server)} | {Percentile(latencies, 0.99)} | {figures} |");
    }

    /// <summary>Four bombs (one valid line repeated to <paramref name="bombBytes"/>), a line without a newline, then three parallel detections of each accepted bomb.</summary>
    private static async Task<string> UploadBombsAsync(HttpClient http, long bombBytes)
    {
        var bomb = Gzip(stream =>
        {
            var line = Encoding.UTF8.GetBytes("{\"type\":\"file_open\",\"timestamp\":\"2026-11-27T10:00:00.000000Z\",\"pid\":7,\"comm\":\"x\",\"path\":\"/tmp/a\",\"flags\":\"O_RDONLY\"}\n");
            for (long written = 0; written < bombBytes; written += line.Length)
            {
                stream.Write(line);
            }
        });
        var endless = Gzip(stream =>
        {
            stream.Write("{\"type\":\"x\",\"timestamp\":\"2026-11-27T10:00:00Z\",\"pad\":\""u8);
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'a');
            for (var i = 0; i < 256; i++)
            {
                stream.Write(chunk);
            }
        });
        var clock = Stopwatch.StartNew();
        var uploads = Enumerable.Range(0, 4).Select(i => UploadAsync(http, bomb, $"bomb {i}"))
            .Append(UploadAsync(http, endless, "endless line")).ToList();
        var answers = await Task.WhenAll(uploads);
        var accepted = answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Id).ToList();
        var detections = await Task.WhenAll(accepted.SelectMany(id => Enumerable.Range(0, 3).Select(_ => http.GetAsync($"api/jobs/{id}/detections"))));
        var summaries = await Task.WhenAll(accepted.Select(id => http.GetAsync($"api/jobs/{id}/summary")));
        return $"bomb {bomb.Length / 1024} KiB gz → {bombBytes >> 20} MiB; uploads {string.Join(", ", answers.Select(a => (int)a.Status))}; "
               + $"detections {string.Join(",", detections.Select(d => (int)d.StatusCode).Distinct())}; summaries {string.Join(",", summaries.Select(d => (int)d.StatusCode).Distinct())}; "
               + $"{clock.Elapsed.TotalSeconds:F0} s";
    }

    private static async Task<string> TreeViewersAsync(HttpClient http)
    {
        const int Children = 50_000;
        var lines = new StringBuilder();
        var t0 = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        string At(int i) => t0.AddMilliseconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        lines.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"process_exec\",\"timestamp\":\"{At(0)}\",\"pid\":100,\"ppid\":1,\"comm\":\"bash\",\"filename\":\"/bin/bash\",\"args\":[\"bash\"]}}\n");
        for (var i = 0; i < Children; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"process_exec\",\"timestamp\":\"{At(i + 1)}\",\"pid\":{1000 + i},\"ppid\":100,\"comm\":\"true\",\"filename\":\"/bin/true\",\"args\":[\"/bin/true\"]}}\n");
        }
        var (status, id) = await UploadAsync(http, Gzip(s => s.Write(Encoding.UTF8.GetBytes(lines.ToString()))), "50k processes");
        if (status != HttpStatusCode.OK)
        {
            return $"upload answered {(int)status}";
        }
        await http.GetAsync($"api/jobs/{id}/processes"); // the first view builds the job's page data
        var latencies = new List<double>();
        var viewers = Enumerable.Range(0, 4).Select(async viewer =>
        {
            for (var round = 0; round < 5; round++)
            {
                // Expanding bash: the whole level, page by page.
                for (var offset = 0; offset < Children; offset += 500)
                {
                    var clock = Stopwatch.StartNew();
                    (await http.GetAsync($"api/jobs/{id}/processes?parent=100&offset={offset}&limit=500")).EnsureSuccessStatusCode();
                    lock (latencies)
                    {
                        latencies.Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
            }
        });
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(viewers);
        return $"{latencies.Count} pages of 500 children: p50 {Percentile(latencies, 0.5)}, p99 {Percentile(latencies, 0.99)}; wall {wall.Elapsed.TotalSeconds:F1} s";
    }

    private static async Task<string> QueryFloodAsync(HttpClient admin, string ashiatoDll, string data)
    {
        var flood = await ClientOfNewOrgAsync(admin, ashiatoDll, data, "flood");
        var quiet = await ClientOfNewOrgAsync(admin, ashiatoDll, data, "quiet");
        var floodJob = (await UploadAsync(flood, BenchTrace.Gzip(10_000), "flood target")).Id;
        var quietJob = (await UploadAsync(quiet, BenchTrace.Gzip(10_000), "quiet target")).Id;
        // Eight queries that each run to the sandbox's deadline.
        var flooding = Enumerable.Range(0, 8).Select(_ =>
            flood.PostAsJsonAsync($"api/jobs/{floodJob}/query", new { sql = "SELECT count(*) FROM range(1000000000000) a, range(1000) b" })).ToList();
        var latencies = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            var answer = await quiet.PostAsJsonAsync($"api/jobs/{quietJob}/query", new { sql = "SELECT 1" });
            latencies.Add(answer.IsSuccessStatusCode ? clock.Elapsed.TotalMilliseconds : double.PositiveInfinity);
        }
        var floodAnswers = await Task.WhenAll(flooding);
        var jobs = (await quiet.GetFromJsonAsync<JsonElement>("api/jobs")).GetProperty("total").GetInt64()
                   + (await flood.GetFromJsonAsync<JsonElement>("api/jobs")).GetProperty("total").GetInt64();
        return $"other org's SELECT 1: p50 {Percentile(latencies, 0.5)}, max {Percentile(latencies, 1)}; flood answers "
               + $"{string.Join(",", floodAnswers.GroupBy(a => (int)a.StatusCode).Select(g => $"{g.Key}×{g.Count()}"))}; jobs kept {jobs}/2";
    }

    private static async Task<HttpClient> ClientOfNewOrgAsync(HttpClient admin, string ashiatoDll, string data, string org)
    {
        // The console has no API to mint tokens (that is `ashiato token create` on the data directory): use the CLI.
        var start = new ProcessStartInfo("dotnet", ["exec", ashiatoDll, "token", "create", "--data", data, "--org", org, "--role", "admin"])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var token = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        var client = new HttpClient { BaseAddress = admin.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<(HttpStatusCode Status, string Id)> UploadAsync(HttpClient http, byte[] body, string job)
    {
        var created = await http.PostAsJsonAsync("api/jobs", new { job });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return ((await http.PutAsync($"api/jobs/{id}/trace", content)).StatusCode, id);
    }

    private static async Task<List<double>> SampleHealthAsync(HttpClient http, CancellationToken stop)
    {
        var latencies = new List<double>();
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                (await http.GetAsync("healthz", probe.Token)).EnsureSuccessStatusCode();
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                latencies.Add(double.PositiveInfinity);
            }
            try
            {
                await Task.Delay(100, stop);
            }
            catch (TaskCanceledException)
            {
                break;
            }
        }
        return latencies;
    }

    private static async Task WaitForHealthAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("ashiato serve did not start");
    }

    private static string PeakRssMb(Process server)
    {
        if (server.HasExited)
        {
            return $"died (exit {server.ExitCode})";
        }
        var line = File.ReadLines($"/proc/{server.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return $"{long.Parse(line[6..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024} MB";
    }

    private static string Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return "-";
        }
        var sorted = values.Order().ToList();
        var value = sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1 < 0 ? 0 : (int)Math.Ceiling(p * sorted.Count) - 1)];
        return double.IsPositiveInfinity(value) ? "timeout" : $"{value:F0} ms";
    }

    private static byte[] Gzip(Action<Stream> write)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            write(gzip);
        }
        return output.ToArray();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
