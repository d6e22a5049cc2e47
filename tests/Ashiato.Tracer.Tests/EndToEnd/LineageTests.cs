using System.Globalization;
using System.Text.Json;
using Ashiato.Tests.Shared;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

/// <summary>
/// Issue 13's evidence holes, each reproduced on real processes: ancestry through processes that never exec, the
/// attach-time snapshot, the program that really wrote a file, and the program's name on records made by a thread.
/// </summary>
[Collection(WorkloadCollection.Name)]
[Trait("Category", "kernel")]
public sealed class LineageTests(Workload workload)
{
    /// <summary>Debian's, by its path: a python3 on PATH may be a version manager's shim script.</summary>
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void A_backtick_pipeline_in_a_script_hangs_under_its_subshell_and_the_script()
    {
        var script = Path.Combine(workload.Directory, $"run-{Guid.NewGuid():N}.sh");
        File.WriteAllText(script, "B=`cat /etc/hostname | tr a-z A-Z | head -c 3`\necho \"$B\" >/dev/null\n");

        var trace = AshiatoCli.Trace(["bash", script]);

        var root = trace.OfType("process_exec").First().Int("pid");
        var cat = Assert.Single(trace.OfType("process_exec"), e => e.Str("comm") == "cat");
        var subshell = Assert.Single(trace.OfType("process_fork"), f => f.Int("pid") == cat.Int("ppid"));
        Assert.Equal(root, subshell.Int("ppid"));
        Assert.Equal("bash", subshell.Str("comm"));
        AssertEveryProcessResolvesTo(trace.Records, root);
    }

    [Fact]
    public void Double_forks_daemons_and_a_thread_that_forks_all_resolve_to_the_root()
    {
        var directory = Directory.CreateDirectory(Path.Combine(workload.Directory, $"lineage-{Guid.NewGuid():N}")).FullName;
        // A thread of python forks a child that opens a file and execs; the workload's fork-children mode has a
        // plain child and a double-forked daemon (its parent exits before it acts, so it is reparented).
        var program = $$"""
            import os, threading, subprocess
            def fork_from_thread():
                pid = os.fork()
                if pid == 0:
                    open("{{directory}}/thread-child-marker", "w").close()
                    os.execv("/bin/true", ["true"])
                os.waitpid(pid, 0)
            t = threading.Thread(target=fork_from_thread); t.start(); t.join()
            subprocess.run(["{{workload.Path}}", "fork-children", "{{directory}}"], check=True)
            """;

        var trace = AshiatoCli.Trace([Python, "-c", program]);

        var root = trace.OfType("process_exec").First().Int("pid");
        var threadChild = Assert.Single(trace.Opens($"{directory}/thread-child-marker"));
        Assert.Equal(root, threadChild.Int("ppid"));
        Assert.Contains(trace.OfType("process_fork"), f => f.Int("pid") == threadChild.Int("pid") && f.Int("ppid") == root);
        var daemon = Assert.Single(trace.Opens($"{directory}/daemon-marker"));
        var daemonFork = Assert.Single(trace.OfType("process_fork"), f => f.Int("pid") == daemon.Int("pid"));
        Assert.Equal(daemonFork.Int("ppid"), daemon.Int("ppid")); // the forker, not the reaper it was reparented to
        AssertEveryProcessResolvesTo(trace.Records, root);
    }

    [Fact]
    public void A_write_before_an_exec_names_the_program_that_wrote_it()
    {
        var file = Path.Combine(workload.Directory, $"written-{Guid.NewGuid():N}");

        var trace = AshiatoCli.Trace(["bash", "-c", $"echo data > {file}; exec /usr/bin/true"]);

        var write = Assert.Single(trace.OfType("file_write"), w => w.Str("path") == file);
        Assert.Equal("bash", write.Str("comm"));
        var execOfTrue = Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == "/usr/bin/true");
        Assert.Equal(execOfTrue.Int("pid"), write.Int("pid"));
        // Written out before the exec, so "the latest exec of this pid before the write" is bash, not true.
        Assert.True(IndexOf(trace.Records, write) < IndexOf(trace.Records, execOfTrue), "the write's totals must precede the next exec");
        Assert.True(string.CompareOrdinal(write.Str("timestamp"), execOfTrue.Str("timestamp")) <= 0);
    }

    [Fact]
    public void Connections_and_lookups_made_by_a_named_thread_carry_the_programs_name()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            // The thread renames itself as resolver threads do (PR_SET_NAME = 15), then connects.
            var program = $$"""
                import ctypes, socket, threading
                def work():
                    ctypes.CDLL(None).prctl(15, b"isc-net-0000", 0, 0, 0)
                    socket.create_connection(("127.0.0.1", {{port}})).close()
                t = threading.Thread(target=work); t.start(); t.join()
                """;

            var trace = AshiatoCli.Trace([Python, "-c", program]);

            var connect = Assert.Single(trace.OfType("net_connect"), c => c.Int("dst_port") == port);
            Assert.Equal("python3", connect.Str("comm"));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void Attaching_to_a_running_worker_snapshots_it_so_its_memory_read_is_found_and_rated_high()
    {
        var directory = Directory.CreateDirectory(Path.Combine(workload.Directory, $"worker-{Guid.NewGuid():N}")).FullName;
        // An ELF named Runner.Worker (a copy of bash, so comm and exe say Runner.Worker) started before the tracer;
        // once told to, a child of it reads the worker's maps and opens its mem, as the March 2025 theft did.
        var worker = Path.Combine(directory, "Runner.Worker");
        File.Copy("/usr/bin/bash", worker);
        File.SetUnixFileMode(worker, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var go = Path.Combine(directory, "go");
        var output = Path.Combine(directory, "trace.jsonl.gz");
        var script = $"while [ ! -e {go} ]; do sleep 0.05; done; " +
                     "/usr/bin/python3 -c \"import os; p=os.getppid(); open(f'/proc/{p}/maps').read(); open(f'/proc/{p}/mem','rb').close()\"; " +
                     "exit $?"; // not the last command, so bash forks for it instead of exec'ing it
        using var running = System.Diagnostics.Process.Start(worker, ["-c", script]);

        using var tracer = AshiatoCli.Start("trace", "--pid", running.Id.ToString(CultureInfo.InvariantCulture), "-o", output);
        AshiatoCli.WaitForTraceStart(output);
        File.WriteAllText(go, "");
        running.WaitForExit();
        Assert.True(tracer.WaitForExit(TimeSpan.FromSeconds(30)), "the tracer should stop when the worker exits");

        var records = AshiatoCli.ReadTrace(output);
        // The worker, and whatever child of its loop (a sleep) was running at that moment, are snapshots.
        var snapshot = Assert.Single(records, r => r.Str("type") == "process_exec" && r.TryGetProperty("snapshot", out _) && r.Int("pid") == running.Id);
        Assert.Equal(worker, snapshot.Str("filename"));
        Assert.Equal("Runner.Worker", snapshot.Str("comm"));
        Assert.Equal(["-c", script], snapshot.GetProperty("args").EnumerateArray().Skip(1).Select(a => a.GetString()));
        Assert.True(IndexOf(records, snapshot) == 1, "the snapshot comes right after trace_meta, before any live record");

        var query = AshiatoCli.Cli("query", output, "--sql", DocumentedQuery.RunnerWorkerMemory, "--format", "jsonl");
        Assert.Equal(0, query.ExitCode);
        Assert.Equal(2, query.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // maps and mem

        var detect = AshiatoCli.Cli("detect", output, "--fail-on", "high");
        Assert.NotEqual(0, detect.ExitCode);
        Assert.Contains("HIGH", detect.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("outside the trace", detect.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Every pid and ppid of a process record resolves, through exec and fork records, to <paramref name="root"/>.</summary>
    private static void AssertEveryProcessResolvesTo(IReadOnlyList<JsonElement> records, int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var record in records.Where(r => r.Str("type") is "process_exec" or "process_fork"))
        {
            parents[record.Int("pid")] = record.Int("ppid");
        }
        foreach (var record in records.Where(r => r.TryGetProperty("pid", out _)))
        {
            var pid = record.Int("pid");
            var chain = new List<int> { pid };
            while (pid != root)
            {
                Assert.True(parents.TryGetValue(pid, out var parent),
                    $"pid {pid} ({record.Str("type")} of {record.Int("pid")}, chain {string.Join(" > ", chain)}) has no exec or fork record");
                pid = parent;
                chain.Add(pid);
                Assert.True(chain.Count < 64, "a cycle in the lineage");
            }
        }
    }

    private static int IndexOf(IReadOnlyList<JsonElement> records, JsonElement record)
    {
        var text = record.GetRawText();
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].GetRawText() == text)
            {
                return i;
            }
        }
        return -1;
    }
}
