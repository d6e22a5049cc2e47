using System.Diagnostics;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

[Collection(WorkloadCollection.Name)]
[Trait("Category", "kernel")]
public sealed class ScopeTests(Workload workload)
{
    [Fact]
    public void Children_that_fork_without_exec_and_double_forked_daemons_stay_in_scope()
    {
        var directory = Directory.CreateDirectory(Path.Combine(workload.Directory, $"fork-{Guid.NewGuid():N}")).FullName;

        var trace = AshiatoCli.Trace([workload.Path, "fork-children", directory]);

        var root = Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == workload.Path).Int("pid");
        var child = Assert.Single(trace.Opens($"{directory}/child-marker"));
        var daemon = Assert.Single(trace.Opens($"{directory}/daemon-marker"));
        Assert.NotEqual(root, child.Int("pid"));
        Assert.NotEqual(root, daemon.Int("pid"));
        Assert.NotEqual(root, daemon.Int("ppid")); // reparented: tracking followed the fork, not the parent link
    }

    [Fact]
    public void A_busy_process_outside_the_traced_tree_never_appears()
    {
        var outsider = Path.Combine(workload.Directory, $"outsider-{Guid.NewGuid():N}");
        using var busy = Process.Start(workload.Path, ["loop-open", outsider]);
        try
        {
            var trace = AshiatoCli.Trace(["sh", "-c", "sleep 0.5; cat /etc/hostname"]);

            Assert.NotEmpty(trace.Opens("/etc/hostname"));
            Assert.Empty(trace.Opens(outsider));
            Assert.DoesNotContain(trace.Records, r => r.TryGetProperty("pid", out var pid) && pid.GetInt32() == busy.Id);
        }
        finally
        {
            busy.Kill();
        }
    }

    [Fact]
    public void The_tracer_does_not_trace_itself()
    {
        var trace = AshiatoCli.Trace(["/bin/true"]);

        Assert.DoesNotContain(trace.Records, r => r.Str("comm") is "ashiato" or ".NET ThreadPool");
        Assert.DoesNotContain(trace.OfType("file_write"), w => w.Str("path")!.EndsWith(".jsonl.gz", StringComparison.Ordinal));
    }

    [Fact]
    public void Pid_scope_follows_a_running_tree_including_children_started_before_the_trace()
    {
        var directory = Directory.CreateDirectory(Path.Combine(workload.Directory, $"pid-{Guid.NewGuid():N}")).FullName;
        var go = Path.Combine(directory, "go");
        var output = Path.Combine(directory, "trace.jsonl.gz");
        // A parent with a child that already runs; both wait for "go", then open their markers, then exit.
        var script = $"(while [ ! -e {go} ]; do sleep 0.05; done; cat {directory}/go >/dev/null; touch {directory}/child-marker) & " +
                     $"while [ ! -e {go} ]; do sleep 0.05; done; touch {directory}/parent-marker; wait";
        using var tree = Process.Start("sh", ["-c", script]);
        // The child must exist before the trace starts, so that only the walk of the running tree can find it.
        Poll.Until(() => File.ReadAllText($"/proc/{tree.Id}/task/{tree.Id}/children").Trim().Length > 0, "the child to start");

        using var tracer = AshiatoCli.Start("trace", "--pid", tree.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", output);
        AshiatoCli.WaitForTraceStart(output);
        File.WriteAllText(go, "");
        tree.WaitForExit();
        Assert.True(tracer.WaitForExit(TimeSpan.FromSeconds(30)), "the tracer should stop when the root exits");

        var records = AshiatoCli.ReadTrace(output);
        var opens = records.Where(r => r.Str("type") == "file_open").ToList();
        Assert.Contains(opens, o => o.Str("path") == $"{directory}/parent-marker");
        Assert.Contains(opens, o => o.Str("path") == $"{directory}/child-marker");
        Assert.Contains(opens, o => o.Str("path") == go && o.Int("pid") != tree.Id);
        Assert.Equal("pid", records[0].Str("scope"));
    }

    [Fact]
    public void All_scope_sees_unrelated_processes_and_stops_on_sigint()
    {
        var output = Path.Combine(workload.Directory, $"all-{Guid.NewGuid():N}.jsonl.gz");
        var marker = Path.Combine(workload.Directory, $"seen-by-all-{Guid.NewGuid():N}");
        using var tracer = AshiatoCli.Start("trace", "--all", "-o", output);
        AshiatoCli.WaitForTraceStart(output);

        CommandRunner.Run([workload.Path, "open", marker, "241"]);
        AshiatoCli.WaitForTraceLine(output, r => r.Str("type") == "file_open" && r.Str("path") == marker);
        Signal(tracer.Id, "INT");
        Assert.True(tracer.WaitForExit(TimeSpan.FromSeconds(30)), "SIGINT should end an --all trace");

        Assert.Equal(0, tracer.ExitCode);
        var records = AshiatoCli.ReadTrace(output);
        Assert.Equal("all", records[0].Str("scope"));
        Assert.Contains(records, r => r.Str("type") == "file_open" && r.Str("path") == marker);
        Assert.DoesNotContain(records, r => r.TryGetProperty("pid", out var pid) && pid.GetInt32() == tracer.Id);
        Assert.True(records[^1].GetProperty("final").GetBoolean());
    }

    [Fact]
    public void Sigterm_is_forwarded_to_the_command_and_its_exit_code_returned()
    {
        var output = Path.Combine(workload.Directory, $"term-{Guid.NewGuid():N}.jsonl.gz");
        var ready = Path.Combine(workload.Directory, $"ready-{Guid.NewGuid():N}");
        using var tracer = AshiatoCli.Start("trace", "-o", output, "--", "sh", "-c", $"trap 'exit 7' TERM; touch {ready}; while :; do sleep 0.05; done");
        Poll.Until(() => File.Exists(ready), "the command to set its trap");

        Signal(tracer.Id, "TERM");
        Assert.True(tracer.WaitForExit(TimeSpan.FromSeconds(30)));

        Assert.Equal(7, tracer.ExitCode);
        Assert.True(AshiatoCli.ReadTrace(output)[^1].GetProperty("final").GetBoolean());
    }

    private static void Signal(int pid, string signal) =>
        CommandRunner.Run(["kill", $"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
}
