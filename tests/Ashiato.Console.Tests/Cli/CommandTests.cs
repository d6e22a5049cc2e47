using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Ashiato.Web.Auth;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Cli;

[Trait("Category", "services")]
public sealed class CommandTests
{
    [Fact]
    public async Task Upload_prints_the_new_job_id_on_its_last_line()
    {
        await using var console = await RunningConsole.StartAsync();
        var ingest = await console.CreateTokenAsync("default", TokenRole.Ingest);
        var trace = SampleTrace.WriteFile(console.DataDirectory, SampleTrace.RunnerMemoryRead());

        var (exit, stdout, stderr) = await AshiatoProcess.RunAsync("upload", trace, "--server", console.BaseUrl.ToString(), "--token", ingest,
            "--job", "repo build #12", "--repo", "octo/app", "--workflow", "ci", "--run-id", "12", "--sha", "abc123");

        Assert.True(exit == 0, stderr);
        var id = stdout.TrimEnd().Split('\n')[^1];
        var job = await console.Client().GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        Assert.Equal("repo build #12", job.GetProperty("job").GetString());
        Assert.Equal("abc123", job.GetProperty("sha").GetString());
        Assert.Equal(await File.ReadAllBytesAsync(trace), await console.Client().GetByteArrayAsync($"/api/jobs/{id}/trace.jsonl.gz"));
    }

    [Fact]
    public async Task Trace_with_upload_records_the_command_then_uploads_the_job()
    {
        await using var console = await RunningConsole.StartAsync();
        var ingest = await console.CreateTokenAsync("default", TokenRole.Ingest);
        var output = Path.Combine(console.DataDirectory, "traced.jsonl.gz");

        var tokenFile = Path.Combine(console.DataDirectory, "ingest.token");
        await File.WriteAllTextAsync(tokenFile, ingest + "\n");

        var (exit, stdout, stderr) = await AshiatoProcess.RunAsync("trace", "-o", output, "--upload", console.BaseUrl.ToString(),
            "--token-file", tokenFile, "--job", "traced build", "--repo", "octo/app", "--", "sh", "-c", "cat /etc/hostname > /dev/null");

        Assert.True(exit == 0, stderr);
        var id = stdout.TrimEnd().Split('\n')[^1];
        var job = await console.Client().GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        Assert.Equal("traced build", job.GetProperty("job").GetString());
        Assert.Equal(await File.ReadAllBytesAsync(output), await console.Client().GetByteArrayAsync($"/api/jobs/{id}/trace.jsonl.gz"));
    }

    [Fact]
    public async Task Trace_upload_to_stdout_output_is_refused_before_tracing()
    {
        var (exit, stdout, stderr) = await AshiatoProcess.RunAsync("trace", "-o", "-", "--upload", "http://127.0.0.1:9", "--", "/bin/true");

        Assert.Equal(2, exit);
        Assert.Equal("ashiato: --upload needs a trace file: use -o FILE instead of -o -", stderr.Trim());
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Upload_reports_the_servers_refusal_in_one_line()
    {
        await using var console = await RunningConsole.StartAsync();
        var bad = Path.Combine(console.DataDirectory, "bad.jsonl");
        await File.WriteAllTextAsync(bad, "{\"type\":\"x\",\"timestamp\":\"t\"}\nnot json\n");

        var (exit, _, stderr) = await AshiatoProcess.RunAsync("upload", bad, "--server", console.BaseUrl.ToString(), "--token", RunningConsole.AdminToken, "--job", "x");

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("ashiato: could not upload the trace: line 2: malformed JSON", line);
        Assert.EndsWith("(HTTP 400)", line);
    }

    [Fact]
    public async Task Upload_of_a_trace_over_the_servers_limit_says_so()
    {
        await using var console = await RunningConsole.StartAsync(maxUploadBytes: 16 * 1024);
        var big = SampleTrace.WriteFile(console.DataDirectory, SampleTrace.Busy(20_000));

        var (exit, _, stderr) = await AshiatoProcess.RunAsync("upload", big, "--server", console.BaseUrl.ToString().TrimEnd('/'), "--token", RunningConsole.AdminToken, "--job", "x");

        Assert.Equal(2, exit);
        Assert.Equal("ashiato: could not upload the trace: the trace is larger than this server's limit of 16384 bytes (HTTP 413)", stderr.Trim());
    }

    [Fact]
    public async Task Token_create_makes_a_token_the_server_accepts_with_its_role()
    {
        await using var console = await RunningConsole.StartAsync();

        var (exit, stdout, stderr) = await AshiatoProcess.RunAsync("token", "create", "--data", console.DataDirectory, "--org", "acme", "--role", "read");

        Assert.True(exit == 0, stderr);
        var reader = console.Client(stdout.Trim());
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/jobs", new { job = "x" })).StatusCode);
    }

    [Fact]
    public async Task Serve_prints_a_generated_admin_token_once_and_serves_with_it()
    {
        var data = Directory.CreateTempSubdirectory("ashiato-serve-").FullName;
        var port = FreePort();
        string token;
        using (var serve = AshiatoProcess.Start(["serve", "--data", data, "--listen", $"127.0.0.1:{port}"]))
        {
            var first = await serve.Output.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.StartsWith("admin token (shown once, keep it safe): ash_", first);
            token = first!.Split(": ")[1];
            Assert.Equal($"ashiato console on http://127.0.0.1:{port} (data: {data})", await serve.Output.ReadLineAsync());
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/jobs")).StatusCode);
            Assert.Equal(0, await serve.InterruptAsync());
        }
        using (var again = AshiatoProcess.Start(["serve", "--data", data, "--listen", $"127.0.0.1:{port}"]))
        {
            Assert.StartsWith("ashiato console on", await again.Output.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)));
            await again.InterruptAsync();
        }
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_says_so_in_one_line()
    {
        await using var console = await RunningConsole.StartAsync();
        var data = Path.Combine(console.DataDirectory, "second");

        var (exit, _, stderr) = await AshiatoProcess.RunAsync("serve", "--data", data, "--listen", console.BaseUrl.Authority);

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith($"ashiato: cannot listen on http://{console.BaseUrl.Authority}: ", line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
