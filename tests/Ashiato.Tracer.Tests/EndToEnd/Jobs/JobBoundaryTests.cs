using System.Text.Json;
using Ashiato.Tracer.Tests.Support;
using Ashiato.Tracer.Tests.Support.Runners;

namespace Ashiato.Tracer.Tests.EndToEnd.Jobs;

/// <summary>
/// Where a job starts and where it does not: a trace outside any runner is what it always was, a program merely named
/// Runner.Worker is not a job, and a worker started the right way outside a runner's layout is one, marked so.
/// </summary>
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

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertNoJob(IReadOnlyList<JsonElement> records)
    {
        Assert.DoesNotContain(records, r => JobRecordTypes.Contains(r.Str("type")!));
        Assert.DoesNotContain(records, r => r.TryGetProperty("job_id", out _) || r.TryGetProperty("step", out _));
    }

    /// <summary>bash copied to <c>bin/Runner.Worker</c>: an ELF whose comm is Runner.Worker, with or without a <c>.runner</c> beside its bin.</summary>
    private string LayOutImpostor(bool withRunnerFile)
    {
        var worker = Path.Combine(Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName, "Runner.Worker");
        File.Copy("/usr/bin/bash", worker);
        if (withRunnerFile)
        {
            File.WriteAllText(Path.Combine(_directory, ".runner"), "{\"agentName\": \"impostor\"}");
        }
        return worker;
    }

    /// <summary>A run script where a runner writes them: <c>_work/_temp/&lt;uuid&gt;.sh</c>.</summary>
    private string WriteRunScript(string text)
    {
        var script = Path.Combine(Directory.CreateDirectory(Path.Combine(_directory, "_work", "_temp")).FullName, $"{Guid.NewGuid()}.sh");
        File.WriteAllText(script, text);
        return script;
    }
}
