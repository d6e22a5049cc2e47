using Ashiato.Cli.Output;
using Ashiato.Events;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Cli.Tests;

[Trait("Category", "unit")]
public sealed class TraceReportTests
{
    private static TraceSummary Summary(long fileOpenDrops) => new(
        EventKindNames.Captured.ToDictionary(k => k, k => k == EventKind.FileOpen ? 42L : 1L),
        [("/usr/bin/cc", 12), ("/usr/bin/ld", 1)],
        [("/work/app.o", 2048L)],
        FilesWritten: 1,
        BytesWritten: 2048,
        new TracerStats
        {
            Timestamp = DateTimeOffset.UnixEpoch,
            Events = new Dictionary<EventKind, long>(),
            Dropped = new Dictionary<EventKind, long> { [EventKind.FileOpen] = fileOpenDrops },
            Truncated = new TruncationCounts(0, 0),
            Final = true,
        });

    [Fact]
    public void A_clean_trace_reports_counts_executables_writes_and_zero_drops()
    {
        var output = new StringWriter();

        TraceReport.Write(output, "trace.jsonl.gz", Summary(0));

        var text = output.ToString();
        Assert.Contains("trace written to trace.jsonl.gz", text);
        Assert.Contains("file_open 42", text);
        Assert.Contains("/usr/bin/cc (12)", text);
        Assert.Contains("2.0 KiB  /work/app.o", text);
        Assert.Contains("drops:       0", text);
        Assert.DoesNotContain("WARNING", text);
    }

    [Fact]
    public void Drops_are_shown_loudly_with_their_types()
    {
        var output = new StringWriter();

        TraceReport.Write(output, "-", Summary(17));

        Assert.Contains("WARNING: 17 EVENTS WERE DROPPED (file_open 17); the trace is incomplete", output.ToString());
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(2048, "2.0 KiB")]
    [InlineData(1048576, "1.0 MiB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3.00 GiB")]
    public void Byte_counts_are_human_readable(long bytes, string text) => Assert.Equal(text, TraceReport.Bytes(bytes));
}
