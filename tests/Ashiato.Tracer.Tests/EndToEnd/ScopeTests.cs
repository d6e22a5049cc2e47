using System.Diagnostics;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

[Collection(WorkloadCollection.Name)]
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
        Thread.Sleep(200);

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
}
