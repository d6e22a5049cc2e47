using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Api;

[Trait("Category", "services")]
public sealed class UploadTests
{
    [Fact]
    public async Task An_uploaded_trace_downloads_byte_for_byte_and_the_job_shows_its_figures()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        // Two gzip members, as a tracer that flushed twice writes them.
        var records = SampleTrace.RunnerMemoryRead();
        byte[] body = [.. SampleTrace.Gzip(records.Take(5)), .. SampleTrace.Gzip(records.Skip(5))];

        var id = await console.UploadAsync(client, body);

        var download = await client.GetAsync($"/api/jobs/{id}/trace.jsonl.gz");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/gzip", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await download.Content.ReadAsByteArrayAsync());
        var job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        Assert.Equal("ready", job.GetProperty("state").GetString());
        Assert.Equal(records.Count, job.GetProperty("events").GetInt64());
        Assert.Equal(5, job.GetProperty("counts").GetProperty("file_open").GetInt64());
        Assert.Equal(8000, job.GetProperty("duration_ms").GetInt64());
        Assert.True(job.GetProperty("ended_cleanly").GetBoolean());
        Assert.Equal("octo/app", job.GetProperty("repo").GetString());
    }

    [Fact]
    public async Task A_malformed_line_gets_400_naming_the_line_and_nothing_is_stored()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);
        var text = "{\"type\":\"process_exec\",\"timestamp\":\"2026-11-27T10:00:00.000000Z\",\"pid\":1}\n"
                   + "{\"type\":\"dns_query\",\"timestamp\":\"2026-11-27T10:00:01.000000Z\",\"pid\":1,\"hostname\":\"a\"}\n"
                   + "{\"type\":\"file_open\",\"timestamp\":\"2026-11-27T10:00:02.000000Z\",\"pid\":1,\"path\":\n";

        var response = await RunningConsole.PutTraceAsync(client, id, GzipText(text));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("line 3:", error.GetProperty("error").GetString());
        Assert.Equal(3, error.GetProperty("line").GetInt64());
        Assert.Empty(console.StoredTraceFiles());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}/trace.jsonl.gz")).StatusCode);
        Assert.Equal("pending", (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("state").GetString());
        // The job is still open for a correct upload.
        Assert.Equal(HttpStatusCode.OK, (await RunningConsole.PutTraceAsync(client, id, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()))).StatusCode);
    }

    [Theory]
    [InlineData("{\"type\":\"x\",\"timestamp\":\"t\"}\n[1,2]\n", "line 2: not a JSON object")]
    [InlineData("{\"timestamp\":\"2026-11-27T10:00:00Z\"}\n", "line 1: missing \"type\"")]
    public async Task Lines_that_break_the_contract_are_refused(string text, string expected)
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);

        var response = await RunningConsole.PutTraceAsync(client, id, GzipText(text));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_gzip_gets_400()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);

        var response = await RunningConsole.PutTraceAsync(client, id, Encoding.UTF8.GetBytes("{\"type\":\"x\",\"timestamp\":\"t\"}\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not gzip", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Empty(console.StoredTraceFiles());
    }

    [Fact]
    public async Task An_oversized_body_gets_413_and_nothing_is_stored()
    {
        await using var console = await RunningConsole.StartAsync(maxUploadBytes: 16 * 1024);
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);
        var big = SampleTrace.Gzip(SampleTrace.Busy(5000));
        Assert.True(big.Length > 16 * 1024);

        var declared = await RunningConsole.PutTraceAsync(client, id, big);
        var streamed = await client.PutAsync($"/api/jobs/{id}/trace", new StreamContent(new MemoryStream(big)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Empty(console.StoredTraceFiles());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(console.DataDirectory, "staging")));
    }

    [Fact]
    public async Task An_upload_cut_off_mid_body_stores_nothing()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);
        var body = SampleTrace.Gzip(SampleTrace.Busy(3000));

        // The client promises the whole body, sends half, and hangs up once the server is receiving it.
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(console.BaseUrl.Host, console.BaseUrl.Port);
            var stream = socket.GetStream();
            var head = $"PUT /api/jobs/{id}/trace HTTP/1.1\r\nHost: {console.BaseUrl.Authority}\r\nAuthorization: Bearer {RunningConsole.AdminToken}\r\n"
                       + $"Content-Type: application/gzip\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            Assert.True(await RunningConsole.WaitForStateAsync(client, id, "uploading"));
        }

        // The server notices the hang-up and returns the job to pending, with nothing stored.
        Assert.True(await RunningConsole.WaitForStateAsync(client, id, "pending"));
        Assert.Empty(console.StoredTraceFiles());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}/trace.jsonl.gz")).StatusCode);
    }

    [Fact]
    public async Task A_gzip_body_whose_last_member_is_cut_short_is_refused()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);
        var whole = SampleTrace.Gzip(SampleTrace.Busy(2000));

        var response = await RunningConsole.PutTraceAsync(client, id, whole[..(whole.Length * 2 / 3)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("the trace is cut off", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Empty(console.StoredTraceFiles());
    }

    [Fact]
    public async Task A_second_upload_to_the_same_job_is_refused()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var body = SampleTrace.Gzip(SampleTrace.RunnerMemoryRead());
        var id = await console.UploadAsync(client, body);

        var again = await RunningConsole.PutTraceAsync(client, id, SampleTrace.Gzip(SampleTrace.Busy(10)));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(body, await client.GetByteArrayAsync($"/api/jobs/{id}/trace.jsonl.gz"));
    }

    [Theory]
    [InlineData("/api/jobs/..%2F..%2Fcatalog.sqlite/trace.jsonl.gz")]
    [InlineData("/api/jobs/..%2Fdefault/trace.jsonl.gz")]
    [InlineData("/api/jobs/%2E%2E/trace.jsonl.gz")]
    [InlineData("/api/jobs/0123456789ABCDEF0123456789ABCDEF/trace.jsonl.gz")]
    public async Task Job_ids_cannot_traverse_paths(string path)
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("SQLite", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Twenty_parallel_uploads_with_fifty_parallel_reads_lose_nothing()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var bodies = Enumerable.Range(0, 20).Select(i => SampleTrace.Gzip(SampleTrace.Busy(200 + i))).ToList();
        var first = await console.UploadAsync(client, bodies[0], "warm-up");

        var uploads = bodies.Select((body, i) => console.UploadAsync(client, body, $"parallel #{i}")).ToList();
        var reads = Enumerable.Range(0, 50).Select(_ => client.GetFromJsonAsync<JsonElement>($"/api/jobs/{first}/summary")).ToList();
        var ids = await Task.WhenAll(uploads);
        var summaries = await Task.WhenAll(reads);

        Assert.All(summaries, s => Assert.Equal(200, s.GetProperty("counts").GetProperty("file_open").GetInt64()));
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(bodies[i], await client.GetByteArrayAsync($"/api/jobs/{ids[i]}/trace.jsonl.gz"));
        }
        Assert.Equal(21, (await client.GetFromJsonAsync<JsonElement>("/api/jobs")).GetProperty("total").GetInt64());
    }

    private static byte[] GzipText(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }
}
