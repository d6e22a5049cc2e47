using System.Text.Json;
using Ashiato.Tracer.Tests.Support;
using Ashiato.Tracer.Tests.Support.Runners;

namespace Ashiato.Tracer.Tests.EndToEnd.Jobs;

/// <summary>
/// Where a job starts and where it does not: a trace outside any runner is what it always was, a program merely named
/// Runner.Worker is not a job, and a worker started the right way outside a runner's layout is one, marked so.
/// </summary>
[Trait("Category", "kernel")]
public sealed class JobBoundaryTests : IDisposable
{
    private static readonly HashSet<string> JobRecordTypes = ["runner_job", "step", "step_end", "runner_job_end"];

    private readonly string _directory = Directory.CreateTempSubdirectory("ashiato-jobs-boundary-").FullName;

    [Fact]
    public void Outside_a_runner_no_record_has_a_job_or_step()
    {
        File.WriteAllText(Path.Combine(_directory, "Makefile"), "all:\n\tsh -c 'cat /etc/hostname > /dev/null'\n\t@echo built > out.txt\n");

        var trace = AshiatoCli.Trace(["make", "-s", "-C", _directory]);

        Assert.Equal(0, trace.Run.ExitCode);
        Assert.Contains(trace.Records, r => r.Str("type") == "process_exec" && r.Str("comm") == "cat");
        Assert.Contains(trace.Records, r => r.Str("type") == "file_write" && r.Str("path") == Path.Combine(_directory, "out.txt"));
        AssertNoJob(trace.Records);
    }

    [Fact]
    public void A_program_named_Runner_Worker_started_without_spawnclient_is_not_a_job()
    {
        var worker = LayOutImpostor(withRunnerFile: true);
        var script = WriteRunScript("cat /etc/hostname > /dev/null\n");

        var trace = AshiatoCli.Trace([worker, "-c", $"/bin/sh -e {script}"], workingDirectory: _directory);

        Assert.Equal(0, trace.Run.ExitCode);
        var exec = Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == worker);
        Assert.Equal("Runner.Worker", exec.Str("comm"));
        Assert.Single(trace.Opens("/etc/hostname"));
        AssertNoJob(trace.Records);
    }

    [Fact]
    public void A_worker_started_with_spawnclient_outside_a_runner_layout_is_a_job_marked_so_with_its_steps()
    {
        var worker = LayOutImpostor(withRunnerFile: false);
        var script = WriteRunScript("cat /etc/hostname > /dev/null\n");
        // bash under the worker's name runs ./spawnclient, which starts one "step" as a worker starts a run step.
        File.WriteAllText(Path.Combine(_directory, "spawnclient"), $"/bin/sh -e {script}\n");

        var trace = AshiatoCli.Trace([worker, "spawnclient"], workingDirectory: _directory);

        Assert.Equal(0, trace.Run.ExitCode);
        var workerPid = Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == worker).Int("pid");
        var job = Assert.Single(trace.OfType("runner_job"));
        Assert.Equal(workerPid, job.Int("worker_pid"));
        Assert.False(job.GetProperty("runner_layout").GetBoolean());
        foreach (var field in new[] { "runner_name", "repository", "run_id", "run_attempt", "job", "workflow_ref" })
        {
            Assert.False(job.TryGetProperty(field, out _), $"runner_job.{field} cannot be known");
        }
        // A step whose root has no identity variables: its kind and script are known, its name is not.
        var step = Assert.Single(trace.OfType("step"));
        Assert.Equal((1, "run", script), (step.Int("step"), step.Str("kind"), step.Str("script")));
        Assert.Equal(WorkerGroundTruth.Sha256OfFile(script), step.Str("script_sha256"));
        Assert.False(step.TryGetProperty("name", out _));
        var read = Assert.Single(trace.Opens("/etc/hostname"));
        Assert.Equal((job.Str("job_id"), 1), (read.Str("job_id"), read.Int("step")));
        Assert.Equal(0, Assert.Single(trace.OfType("step_end")).Int("exit_code"));
        Assert.Equal(0, Assert.Single(trace.OfType("runner_job_end")).Int("exit_code"));
    }

    [Fact]
    public void Orphans_of_a_job_keep_it_when_a_later_worker_gets_the_same_pid()
    {
        // Job A's step leaves a daemon that keeps reading /etc/hostname, and ends; so does A's worker. Job B's worker
        // is then started with A's worker's pid (ns_last_pid, retried until no other fork on the machine took it).
        var first = LayOutImpostor(withRunnerFile: false, "first");
        var second = LayOutImpostor(withRunnerFile: false, "second");
        var orphanPid = Path.Combine(_directory, "orphan.pid");
        var daemon = WriteRunScript("first", $"( while :; do cat /etc/hostname >/dev/null; sleep 0.02; done ) & echo $! > {orphanPid}\n");
        // A file only the second step reads: bash itself reads /etc/passwd when HOME is unset, as on CI.
        var secondInput = Path.Combine(_directory, "second-input");
        File.WriteAllText(secondInput, "input\n");
        var step = WriteRunScript("second", $"cat {secondInput} >/dev/null\nsleep 0.3\n");
        File.WriteAllText(Path.Combine(_directory, "first", "spawnclient"), $"/bin/sh -e {daemon}\n");
        File.WriteAllText(Path.Combine(_directory, "second", "spawnclient"), $"/bin/sh -e {step}\n");
        var script = $$"""
            ( cd {{_directory}}/first && exec {{first}} spawnclient ) & worker=$!
            wait $worker
            for attempt in $(seq 200); do
              echo $((worker - 1)) > /proc/sys/kernel/ns_last_pid
              ( [ "$BASHPID" = "$worker" ] && cd {{_directory}}/second && exec {{second}} spawnclient ) && break
            done
            kill "$(cat {{orphanPid}})"
            """;

        var trace = AshiatoCli.Trace(["/bin/bash", "-c", script]);

        Assert.Equal(0, trace.Run.ExitCode);
        var jobs = trace.OfType("runner_job").ToList();
        Assert.Equal(2, jobs.Count);
        Assert.Equal(jobs[0].Int("worker_pid"), jobs[1].Int("worker_pid")); // the same pid, two jobs
        var (a, b) = (jobs[0].Str("job_id"), jobs[1].Str("job_id"));
        Assert.NotEqual(a, b);
        var secondStarted = Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == second).Str("timestamp")!;
        var orphan = int.Parse(File.ReadAllText(orphanPid).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var orphanReads = trace.Opens("/etc/hostname").Where(r => r.Int("ppid") == orphan).ToList();
        Assert.Contains(orphanReads, r => string.CompareOrdinal(r.Str("timestamp"), secondStarted) > 0);
        Assert.All(orphanReads, r => Assert.Equal((a, 1), (r.Str("job_id"), r.Int("step"))));
        var stepOfSecond = Assert.Single(trace.Opens(secondInput));
        Assert.Equal((b, 1), (stepOfSecond.Str("job_id"), stepOfSecond.Int("step")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertNoJob(IReadOnlyList<JsonElement> records)
    {
        Assert.DoesNotContain(records, r => JobRecordTypes.Contains(r.Str("type")!));
        Assert.DoesNotContain(records, r => r.TryGetProperty("job_id", out _) || r.TryGetProperty("step", out _));
    }

    /// <summary>
    /// bash copied to <c>&lt;root&gt;/bin/Runner.Worker</c>: an ELF whose comm is Runner.Worker, with or without a
    /// <c>.runner</c> beside its bin; the root is the test's directory or a folder in it.
    /// </summary>
    private string LayOutImpostor(bool withRunnerFile, string root = "")
    {
        var directory = Path.Combine(_directory, root);
        var worker = Path.Combine(Directory.CreateDirectory(Path.Combine(directory, "bin")).FullName, "Runner.Worker");
        File.Copy("/usr/bin/bash", worker);
        if (withRunnerFile)
        {
            File.WriteAllText(Path.Combine(directory, ".runner"), "{\"agentName\": \"impostor\"}");
        }
        return worker;
    }

    /// <summary>A run script where a runner writes them: <c>&lt;root&gt;/_work/_temp/&lt;uuid&gt;.sh</c>.</summary>
    private string WriteRunScript(string text) => WriteRunScript("", text);

    private string WriteRunScript(string root, string text)
    {
        var script = Path.Combine(Directory.CreateDirectory(Path.Combine(_directory, root, "_work", "_temp")).FullName, $"{Guid.NewGuid()}.sh");
        File.WriteAllText(script, text);
        return script;
    }
}
