using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Hardening;

/// <summary>Uploads an attacker with an ingest token would try: gzip bombs, endless lines, lines that break the views.</summary>
[Trait("Category", "services")]
public sealed class HostileUploadTests
{
    private const string GoodLine = """{"type":"process_exec","timestamp":"2026-11-27T10:00:00.000000Z","pid":1,"comm":"sh","filename":"/bin/sh","args":["sh"]}""";

    [Fact]
    public async Task A_gzip_bomb_gets_413_naming_the_decompressed_limit_and_nothing_is_stored()
    {
        await using var console = await RunningConsole.StartAsync(configure: o => o with { MaxTraceBytes = 4L << 20 });
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);
        // One valid line repeated to 64 MB compresses to a few hundred KB: the compressed limit alone lets it in.
        var bomb = Gzip(stream =>
        {
            var line = Encoding.UTF8.GetBytes(GoodLine + "\n");
            for (long written = 0; written < 64L << 20; written += line.Length)
            {
                stream.Write(line);
            }
        });
        Assert.True(bomb.Length < 1 << 20);

        var response = await RunningConsole.PutTraceAsync(client, id, bomb);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("decompresses to more than the 4194304-byte limit", await ErrorOf(response));
        Assert.Empty(console.StoredTraceFiles());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(console.DataDirectory, "staging")));
        Assert.Equal("pending", (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_line_without_a_newline_gets_400_naming_the_line_limit()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);
        var endless = Gzip(stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes(GoodLine + "\n{\"type\":\"x\",\"timestamp\":\"2026-11-27T10:00:00Z\",\"pad\":\""));
            stream.Write(Enumerable.Repeat((byte)'a', 3 << 20).ToArray());
        });

        var response = await RunningConsole.PutTraceAsync(client, id, endless);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("line 2 is longer than the 1048576-byte line limit", error.GetProperty("error").GetString());
        Assert.Equal(2, error.GetProperty("line").GetInt64());
        Assert.Empty(console.StoredTraceFiles());
    }

    /// <summary>Each of these was accepted (or answered 500) and then broke every view of the job.</summary>
    [Theory]
    [InlineData("""{"type":"process_exec","timestamp":"2026-11-27T10:00:01Z","pid":"12","comm":"sh"}""", "\"pid\" must be an integer")]
    [InlineData("""{"type":"net_connect","timestamp":"2026-11-27T10:00:01Z","pid":2,"dst_port":"https"}""", "\"dst_port\" must be an integer")]
    [InlineData("""{"type":"process_exec","timestamp":"2026-11-27T10:00:01Z","pid":2,"args":["sh",{"a":1}]}""", "\"args\" must be an array of strings")]
    [InlineData("""{"type":"process_exec","timestamp":"2026-11-27T10:00:01Z","p\u0069d":"12"}""", "\"pid\" must be an integer")]
    [InlineData("""{"type":"tracer_stats","timestamp":"2026-11-27T10:00:01Z","truncated":{"args":"many"}}""", "\"truncated\" must be an object of integer counters")]
    [InlineData("""{"type":"tracer_stats","timestamp":"2026-11-27T10:00:01Z","dropped_total":"x"}""", "\"dropped_total\" must be an integer")]
    public async Task A_line_whose_fields_break_the_contract_types_gets_400_naming_it(string line, string reason)
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);

        var response = await RunningConsole.PutTraceAsync(client, id, SampleTrace.GzipLines([GoodLine, line]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"line 2: {reason}", await ErrorOf(response));
        Assert.Empty(console.StoredTraceFiles());
    }

    [Theory]
    [InlineData(65)]
    [InlineData(256)]
    public async Task Deeply_nested_json_gets_400_naming_the_line(int depth)
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);
        var nested = "{\"type\":\"x\",\"timestamp\":\"2026-11-27T10:00:01Z\",\"deep\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}";

        var response = await RunningConsole.PutTraceAsync(client, id, SampleTrace.GzipLines([GoodLine, nested]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("line 2: ", await ErrorOf(response));
    }

    [Fact]
    public async Task Invalid_utf8_gets_400_naming_the_line()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);
        byte[] bad = [.. Encoding.UTF8.GetBytes(GoodLine + "\n{\"type\":\"file_open\",\"timestamp\":\"2026-11-27T10:00:01Z\",\"pid\":1,\"path\":\"/tmp/"),
            0xff, 0xfe, .. Encoding.UTF8.GetBytes("\"}\n")];

        var response = await RunningConsole.PutTraceAsync(client, id, Gzip(stream => stream.Write(bad)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("line 2: not valid UTF-8", await ErrorOf(response));
    }

    /// <summary>What the contract allows but a careless reader trips on: every view still answers.</summary>
    [Fact]
    public async Task A_trace_of_odd_but_valid_lines_renders_in_every_view()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.GzipLines(
        [
            GoodLine,
            """{"type":"process_exec","timestamp":"not a time","pid":null,"comm":null,"args":null}""",
            """{"type":"mystery","timestamp":"2026-11-27T10:00:02Z","pid":"not typed here","nested":{"a":[[[[1]]]]}}""",
            """{"type":"file_open","timestamp":"2026-11-27T10:00:03Z","pid":4294967296,"path":"/tmp/\u0000x"}""",
            """{"type":"tracer_stats","timestamp":"2026-11-27T10:00:04Z","events":{},"final":true,"extra":"ok"}""",
        ]));

        foreach (var view in new[] { "summary", "steps", "processes", "timeline", "dns", "connections", "files", "schema", "processes/1/events" })
        {
            var response = await client.GetAsync($"/api/jobs/{id}/{view}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{view}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();

    private static byte[] Gzip(Action<Stream> write)
    {
        var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
        {
            write(gzip);
        }
        return stream.ToArray();
    }
}
