using System.Diagnostics;
using Ashiato.Events.Jsonl;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

[Collection(WorkloadCollection.Name)]
[Trait("Category", "kernel")]
public sealed class TraceFileTests(Workload workload)
{
    [Fact]
    public void A_trace_starts_with_trace_meta_and_ends_with_final_tracer_stats()
    {
        var trace = AshiatoCli.Trace(["sh", "-c", "cat /etc/hostname"]);

        var meta = trace.Records[0];
        Assert.Equal("trace_meta", meta.Str("type"));
        Assert.Equal("command", meta.Str("scope"));
        Assert.Equal(["sh", "-c", "cat /etc/hostname"], meta.GetProperty("command").EnumerateArray().Select(a => a.GetString()!));
        var last = trace.Records[^1];
        Assert.Equal("tracer_stats", last.Str("type"));
        Assert.True(last.GetProperty("final").GetBoolean());
        Assert.Equal(0, last.GetProperty("dropped_total").GetInt64());
        Assert.Equal(trace.OfType("file_open").Count(), last.GetProperty("events").GetProperty("file_open").GetInt64());
        Assert.All(trace.Records, r => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", r.Str("timestamp")));
    }

    [Fact]
    public void The_end_of_run_summary_names_counts_writes_and_drops()
    {
        var path = Path.Combine(workload.Directory, "summary.bin");

        var trace = AshiatoCli.Trace([workload.Path, "write", path, "65536", "4096"]);

        Assert.Contains("trace written to", trace.Run.Stderr);
        Assert.Contains("file_write 1", trace.Run.Stderr);
        Assert.Contains($"64.0 KiB  {path}", trace.Run.Stderr);
        Assert.Contains("drops:       0", trace.Run.Stderr);
    }

    [Fact]
    public void On_a_terminal_one_status_line_is_redrawn_and_cleared_and_never_when_redirected()
    {
        var output = Path.Combine(workload.Directory, $"tty-{Guid.NewGuid():N}.jsonl.gz");
        var onTerminal = CommandRunner.Run(["script", "-qec", $"{AshiatoCli.Executable} trace -o {output} -- sleep 1.2", "/dev/null"]);
        var redirected = AshiatoCli.Trace(["sleep", "0.6"]);

        Assert.Contains("\r\u001b[Kashiato: process_exec 1 · net_connect 0 · dns_query 0 · file_open ", onTerminal.Stdout);
        Assert.Contains("\r\u001b[Kashiato: trace written to", onTerminal.Stdout);
        Assert.DoesNotContain("\u001b[K", redirected.Run.Stderr);
    }

    [Fact]
    public void Stdout_output_is_plain_jsonl()
    {
        var result = AshiatoCli.Cli("trace", "-o", "-", "--", "/bin/true");

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("{\"type\":\"trace_meta\"", lines[0]);
        Assert.Contains(lines, l => l.Contains("\"type\":\"process_exec\"", StringComparison.Ordinal) && l.Contains("/bin/true", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Null(TraceLineValidator.Validate(System.Text.Encoding.UTF8.GetBytes(l))));
    }

    [Fact]
    public void A_tracer_killed_with_SIGKILL_leaves_a_readable_trace()
    {
        var output = Path.Combine(workload.Directory, $"killed-{Guid.NewGuid():N}.jsonl.gz");
        var marker = Path.Combine(workload.Directory, $"before-kill-{Guid.NewGuid():N}");
        using var tracer = AshiatoCli.Start("trace", "-o", output, "--", "sh", "-c", $"cat /etc/hostname > {marker}; sleep 30");
        // Killed once a periodic flush has put the marker's open in the file: what was flushed must stay readable.
        AshiatoCli.WaitForTraceLine(output, r => r.Str("type") == "file_open" && r.Str("path") == marker);

        tracer.Kill();
        tracer.WaitForExit();
        Process.Start("pkill", ["-f", $"cat /etc/hostname > {marker}"])?.WaitForExit();

        var records = AshiatoCli.ReadTrace(output);
        Assert.Equal("trace_meta", records[0].Str("type"));
        Assert.Contains(records, r => r.Str("type") == "file_open" && r.Str("path") == marker);
        var zcat = CommandRunner.Run(["zcat", output]);
        Assert.Equal(0, zcat.ExitCode);
        Assert.Equal(records.Count, zcat.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
