using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ashiato.Events;
using Ashiato.Tracer.Tests.Support;
using Ashiato.Tracer.Tests.Support.Agent;

namespace Ashiato.Tracer.Tests.EndToEnd.Agent;

/// <summary>
/// The console's chunk API against a real <c>ashiato serve</c>, driven as an agent (or a forger) would: a job created
/// with its stream, metadata from its runner_job record, a repeated chunk a no-op, a forged or unchained chunk refused
/// and recorded, a gap recorded, the final chunk completing it, a silent stream ending abnormally with the HIGH finding,
/// and the download the chunks byte for byte; an agent with a wrong token stops at once.
/// </summary>
[Trait("Category", "services")]
public sealed class ChunkIngestTests : IDisposable
{
    private readonly ConsoleService _console = new(silenceSeconds: 2);

    [Fact]
    public void Chunks_append_along_their_chain_and_the_download_is_their_concatenation()
    {
        var id = Open("boot-a/4242-1700000000000");
        var first = Chunk(
            """{"type":"trace_meta","timestamp":"2026-12-03T18:00:00.000000Z","tracer_version":"1","kernel":"6.18","hostname":"h","scope":"all","start_time":"2026-12-03T18:00:00.000000Z","mechanisms":{},"job_id":"4242-1700000000000"}""",
            """{"type":"runner_job","timestamp":"2026-12-03T18:00:01.000000Z","job_id":"4242-1700000000000","worker_pid":4242,"runner_name":"runner-7","repository":"octo/app","workflow_ref":"octo/app/.github/workflows/ci.yml@refs/heads/main","run_id":"991","run_attempt":"2","job":"build"}""");
        var second = Chunk("""{"type":"process_exec","timestamp":"2026-12-03T18:00:02.000000Z","pid":4300,"comm":"make","ppid":4242,"job_id":"4242-1700000000000","step":1,"filename":"/usr/bin/make","args":["make"]}""");
        var last = Chunk(
            """{"type":"trace_end","timestamp":"2026-12-03T18:00:03.000000Z","job_id":"4242-1700000000000","reason":"job_ended"}""",
            """{"type":"tracer_stats","timestamp":"2026-12-03T18:00:03.000000Z","events":{},"dropped":{},"dropped_total":0,"truncated":{"args":0,"paths":0,"env":0},"malformed_dns":0,"final":true}""");

        Assert.Equal("appended", Put(id, 0, ChunkProtocol.Genesis, first).Result);
        var running = Job(id);
        Assert.Equal(("running", "octo/app build #991", "octo/app", "991"), (running.Str("state"), running.Str("job"), running.Str("repo"), running.Str("run_id")));
        var stream = _console.Get($"/api/jobs/{id}/stream");
        Assert.Equal(("runner-7", "2", "linux-test"), (stream.Str("runner_name"), stream.Str("run_attempt"), stream.GetProperty("labels").GetProperty("pool").GetString()));
        Assert.Equal(first, _console.Download(id)); // readable while it runs

        Assert.Equal("duplicate", Put(id, 0, ChunkProtocol.Genesis, first).Result); // a retry: nothing changes
        Assert.Equal(HttpStatusCode.Conflict, Put(id, 0, ChunkProtocol.Genesis, second).Status); // other bytes for chunk 0
        Assert.Equal(HttpStatusCode.Conflict, Put(id, 1, ChunkProtocol.Sha256(second), second).Status); // does not continue the chain
        Assert.Equal(first, _console.Download(id));

        Assert.Equal("appended", Put(id, 1, ChunkProtocol.Sha256(first), second).Result);
        Assert.Equal("appended", Put(id, 2, ChunkProtocol.Sha256(second), last, final: true).Result);

        var done = Job(id);
        Assert.Equal(("ready", true), (done.Str("state"), done.GetProperty("ended_cleanly").GetBoolean()));
        Assert.Equal("completed", _console.Get($"/api/jobs/{id}/stream").Str("state"));
        Assert.Equal(first.Concat(second).Concat(last).ToArray(), _console.Download(id));
        var chunks = _console.Get($"/api/jobs/{id}/chunks").EnumerateArray().ToList();
        Assert.Equal(new[] { ChunkProtocol.Sha256(first), ChunkProtocol.Sha256(second), ChunkProtocol.Sha256(last) }, chunks.Select(c => c.Str("sha256")));
        var faults = Faults(id);
        Assert.Equal(new[] { "conflicting_chunk", "broken_chain" }, faults.Select(f => f.Str("kind")));
        Assert.Equal(HttpStatusCode.Conflict, Put(id, 3, ChunkProtocol.Sha256(last), second).Status); // nothing after the end
    }

    [Fact]
    public void A_gap_is_recorded_and_a_silent_stream_ends_abnormally_with_a_high_finding()
    {
        var id = Open("boot-b/5151-1700000000000");
        var first = Chunk(
            """{"type":"trace_meta","timestamp":"2026-12-03T18:00:00.000000Z","tracer_version":"1","kernel":"6.18","hostname":"h","scope":"all","start_time":"2026-12-03T18:00:00.000000Z","mechanisms":{},"job_id":"5151-1700000000000"}""");
        var later = Chunk("""{"type":"file_open","timestamp":"2026-12-03T18:00:05.000000Z","pid":5200,"comm":"cat","ppid":5151,"job_id":"5151-1700000000000","step":1,"path":"/etc/hostname","flags":"O_RDONLY"}""");
        Assert.Equal("appended", Put(id, 0, ChunkProtocol.Genesis, first).Result);
        Assert.Equal("appended", Put(id, 2, new string('a', 64), later).Result); // chunk 1 never came

        // The agent falls silent: no chunk, no heartbeat.
        Poll.Until(() => _console.Get($"/api/jobs/{id}/stream").Str("state") == "abnormal", "the stream to end abnormally");
        var job = Job(id);
        Assert.Equal(("ready", false), (job.Str("state"), job.GetProperty("ended_cleanly").GetBoolean()));
        var faults = Faults(id);
        Assert.Equal(new[] { "gap", "ended_abnormally" }, faults.Select(f => f.Str("kind")));
        Assert.Contains("chunks 1 to 1 are missing", faults[0].Str("detail"));
        Assert.Contains("last heard at", faults[1].Str("detail"));
        Assert.Equal(first.Concat(later).ToArray(), _console.Download(id));

        var trace = Path.Combine(Path.GetTempPath(), $"ashiato-abnormal-{Guid.NewGuid():N}.jsonl.gz");
        File.WriteAllBytes(trace, _console.Download(id));
        try
        {
            var detect = AshiatoCli.Cli("detect", trace, "--format", "json");
            var finding = JsonDocument.Parse(detect.Stdout).RootElement.GetProperty("findings").EnumerateArray()
                .Single(f => f.Str("rule") == "trace-ended-abnormally");
            Assert.Equal("high", finding.Str("severity"));
            Assert.Contains("5151-1700000000000", finding.Str("summary"));
        }
        finally
        {
            File.Delete(trace);
        }
    }

    [Fact]
    public void A_wrong_token_is_refused_and_changes_nothing()
    {
        var id = Open("boot-c/6161-1700000000000");
        using var stranger = new HttpClient { BaseAddress = new Uri(_console.Url) };
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        using var response = stranger.Send(ChunkRequest(id, 0, ChunkProtocol.Genesis, Chunk("""{"type":"dns_query","timestamp":"2026-12-03T18:00:00.000000Z","pid":1,"comm":"x","hostname":"a.example"}"""), false));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _console.Get($"/api/jobs/{id}/stream").GetProperty("next_seq").GetInt64());
    }

    [Fact]
    public void An_agent_given_a_token_the_console_refuses_stops_at_start_with_one_clear_line()
    {
        var directory = RunningAgent.NewDirectory("wrong-token");
        try
        {
            var tokenFile = Path.Combine(directory, "token");
            File.WriteAllText(tokenFile, "not-the-console-token\n");
            var run = AshiatoCli.Cli("agent", "--server", _console.Url, "--token-file", tokenFile, "--out", directory);
            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith($"ashiato: the console at {_console.Url} does not accept the token in {tokenFile}", run.Stderr);
            Assert.Single(run.Stderr.Trim().Split('\n')); // one line, no stack trace
            Assert.Equal(new[] { "token" }, Directory.EnumerateFiles(directory).Select(Path.GetFileName)); // nothing traced
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public void Dispose() => _console.Dispose();

    private string Open(string stream)
    {
        using var response = _console.Client.PostAsJsonAsync("/api/streams", new { stream, host = "runner-host", labels = new Dictionary<string, string> { ["pool"] = "linux-test" } }).GetAwaiter().GetResult();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult().Str("id")!;
    }

    private JsonElement Job(string id) => _console.Get($"/api/jobs/{id}");

    private List<JsonElement> Faults(string id) => [.. _console.Get($"/api/jobs/{id}/stream").GetProperty("faults").EnumerateArray()];

    private (HttpStatusCode Status, string? Result) Put(string id, long seq, string previous, byte[] chunk, bool final = false)
    {
        using var response = _console.Client.Send(ChunkRequest(id, seq, previous, chunk, final));
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return (response.StatusCode, response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.Str("result") : null);
    }

    private static HttpRequestMessage ChunkRequest(string id, long seq, string previous, byte[] chunk, bool final)
    {
        var content = new ByteArrayContent(chunk);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/jobs/{id}/chunks/{seq}") { Content = content };
        request.Headers.Add(ChunkProtocol.PreviousHeader, previous);
        if (final)
        {
            request.Headers.Add(ChunkProtocol.FinalHeader, "true");
        }
        return request;
    }

    /// <summary>One complete gzip member of JSON lines, as the agent sends.</summary>
    private static byte[] Chunk(params string[] lines)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Select(line => line + "\n"))));
        }
        return buffer.ToArray();
    }
}
