using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ashiato.Events;
using Ashiato.Tracer.Pipeline;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.Pipeline;

/// <summary>The benchmark hook: a raw ring-buffer capture of a real trace, replayed offline, gives the same trace.</summary>
[Collection(WorkloadCollection.Name)]
[Trait("Category", "unit")]
public sealed class OfflineReplayTests(Workload workload)
{
    [Fact]
    public async Task Replaying_the_raw_capture_of_a_live_trace_writes_the_same_events()
    {
        var id = Guid.NewGuid().ToString("N");
        var live = Path.Combine(workload.Directory, $"live-{id}.jsonl.gz");
        var capture = Path.Combine(workload.Directory, $"live-{id}.raw");
        var replayed = Path.Combine(workload.Directory, $"replayed-{id}.jsonl.gz");
        var written = Path.Combine(workload.Directory, $"written-{id}");
        var start = new ProcessStartInfo(AshiatoCli.Executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "trace", "-o", live, "--", "sh", "-c", $"cat /etc/hostname; echo hi > {written}; ls /" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment[RawCaptureWriter.EnvironmentVariable] = capture;
        using (var tracer = Process.Start(start)!)
        {
            await tracer.StandardOutput.ReadToEndAsync();
            await tracer.StandardError.ReadToEndAsync();
            await tracer.WaitForExitAsync();
            Assert.Equal(0, tracer.ExitCode);
        }

        var result = await OfflineReplay.RunAsync(capture, replayed);
        var paced = await OfflineReplay.RunAsync(capture, replayed + ".paced.jsonl.gz", recordsPerDrain: 5);

        var liveEvents = EventsWithoutTimestamps(live);
        Assert.Contains(liveEvents, e => e.Contains("\"type\":\"file_write\"", StringComparison.Ordinal) && e.Contains(written, StringComparison.Ordinal));
        Assert.Equal(liveEvents, EventsWithoutTimestamps(replayed));
        Assert.Equal(liveEvents, EventsWithoutTimestamps(replayed + ".paced.jsonl.gz"));
        Assert.Equal(liveEvents.Count, result.Events);
        Assert.True(result.EventsPerSecond > 0);
        // Fed 5 records per drain, the replay cannot be faster than the drain interval allows.
        Assert.True(paced.Elapsed >= TracePipeline.DrainInterval * ((paced.Records - 1) / 5));
    }

    [Fact]
    public async Task A_file_that_is_not_a_capture_gets_one_clear_message()
    {
        var notACapture = Path.Combine(workload.Directory, $"not-a-capture-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(notACapture, "hello");

        var error = await Assert.ThrowsAsync<UserFacingException>(() => OfflineReplay.RunAsync(notACapture, notACapture + ".jsonl.gz"));

        Assert.Contains("is not a raw capture written with ASHIATO_RAW_CAPTURE", error.Message);
    }

    /// <summary>Every event line minus its timestamp (the replay maps kernel time from its own clock reading).</summary>
    private static List<string> EventsWithoutTimestamps(string trace) =>
        [.. AshiatoCli.ReadTrace(trace)
            .Where(r => r.Str("type") is not ("trace_meta" or "tracer_stats"))
            .Select(r =>
            {
                var node = JsonNode.Parse(r.GetRawText())!.AsObject();
                node.Remove("timestamp");
                return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
            })];
}
