using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ashiato.Events;
using Ashiato.Tracer.Tests.Support;
using Ashiato.Tracer.Tests.Support.Runners;
using FakeRunner.Protocol;
using FakeRunner.Support;

namespace Ashiato.Tracer.Tests.EndToEnd.Jobs;

/// <summary>
/// Issue 14 on the real kernel: the fake runner's scenario jobs traced at once, every record's (job_id, step) checked
/// against the fake runner's own account of its processes, and the job and step records against the jobs it ran.
/// </summary>
[Collection(FakeRunnerCollection.Name)]
[Trait("Category", "kernel")]
public sealed class JobAttributionTests(GoldenRunners runners) : IClassFixture<GoldenRunners>
{
    private IReadOnlyList<JsonElement> Records => runners.Records;

    [Fact]
    public void Every_record_carries_the_job_and_step_of_the_worker_child_its_process_descends_from()
    {
        AttributionOracle.AssertEveryRecordAttributed(Records, [.. runners.All.Select(job => job.Truth)], everythingElseOutsideJobs: true);

        // Not vacuous: each job's steps did things, and the traced launcher outside every job did too.
        foreach (var job in runners.All)
        {
            var id = job.JobId(Records);
            Assert.Contains(Records, r => r.Str("job_id") == id && r.Str("type") == "file_open" && r.Int("step") > 0);
            Assert.Contains(Records, r => r.Str("job_id") == id && r.Str("type") == "file_open" && r.Int("pid") == job.Result.WorkerPid && r.Int("step") == 0);
        }
        Assert.Contains(Records, r => r.Str("type") == "process_exec" && r.Str("comm") == "Runner.Listener" && !r.TryGetProperty("job_id", out _));
    }

    [Fact]
    public void Probed_processes_are_in_the_step_their_worker_child_started()
    {
        foreach (var job in runners.All)
        {
            var id = job.JobId(Records);
            foreach (var probe in job.Probes.All.Where(p => p.Parent.Pid == job.Result.WorkerPid || p.Grandparent.Pid == job.Result.WorkerPid))
            {
                var own = Records.Where(r => r.TryGetProperty("pid", out var pid) && pid.GetInt32() == probe.Self.Pid && r.Str("type") != "step").ToList();
                Assert.True(own.Count > 0, $"no record of probe {probe.Name} (pid {probe.Self.Pid})");
                var step = job.StepOfProbe(probe);
                Assert.All(own, r => Assert.Equal((id, step), (r.Str("job_id"), r.Int("step"))));
            }
        }
    }

    [Fact]
    public void Each_step_record_names_the_kind_name_action_script_and_hash_of_what_the_worker_started()
    {
        foreach (var job in runners.All)
        {
            Assert.Equal(job.Truth.Roots.Count, job.Records(Records, "step").Count);
            foreach (var root in job.Truth.Roots)
            {
                var step = job.StepRecord(Records, root.Pid);
                var what = $"{job.Job.JobName} step of pid {root.Pid} ({root.FileName} {root.Script})";
                Assert.True(root.Number == step.Int("step"), $"{what}: step {step.Int("step")}, expected {root.Number}");
                Assert.True(root.Expected.Kind.ToWire() == step.Str("kind"), $"{what}: kind {step.Str("kind")}");
                Assert.True(root.Expected.Name == step.Str("name"), $"{what}: name {step.Str("name")}");
                Assert.True(root.Expected.Action == step.Str("action"), $"{what}: action {step.Str("action")}");
                var hasScript = root.Expected.Kind != StepKind.Runner;
                Assert.True((hasScript ? root.Script : null) == step.Str("script"), $"{what}: script {step.Str("script")}");
                var hashed = root.Expected.Kind is StepKind.Run or StepKind.Composite or StepKind.Hook;
                // The fake runner keeps its run scripts until its next job, and hooks for good: hash the files it wrote.
                Assert.True((hashed ? WorkerGroundTruth.Sha256OfFile(root.Script!) : null) == step.Str("script_sha256"), $"{what}: script_sha256 {step.Str("script_sha256")}");
            }
        }
    }

    [Fact]
    public void A_run_step_script_hash_is_that_of_the_run_text_of_the_job()
    {
        var job = runners["mixed"];
        var root = job.Probes["bash-shell"].Self.Pid; // "Bash with pipefail": no expression, so the script is the job's text as is
        var text = job.Job.Steps.OfType<RunStep>().Single(step => step.Name == "Bash with pipefail").Run;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), job.StepRecord(Records, root).Str("script_sha256"));
        var started = WorkerGroundTruth.StartedBy(job.Host, job.Result.WorkerPid);
        Assert.StartsWith("--noprofile --norc -e -o pipefail ", started.Single(p => p.Pid == root).Arguments);
        Assert.StartsWith("-e ", started.Single(p => p.Pid == job.Probes["default-shell"].Self.Pid).Arguments);
    }

    [Fact]
    public void Runner_job_carries_the_run_the_fake_runner_was_given()
    {
        foreach (var job in runners.All.Where(j => j.Job.JobName != "job-unreadable-env"))
        {
            var record = job.RunnerJob(Records);
            Assert.Equal(job.Job.Run.Repository, record.Str("repository"));
            Assert.Equal(job.Job.Run.RunId, record.Str("run_id"));
            Assert.Equal("2", record.Str("run_attempt"));
            Assert.Equal(job.Job.JobName, record.Str("job"));
            Assert.Equal(job.Job.Run.WorkflowRef, record.Str("workflow_ref"));
            Assert.Equal(job.Host.Settings.AgentName, record.Str("runner_name"));
            Assert.False(record.TryGetProperty("runner_layout", out _), "a worker in a runner's layout is not marked");
            Assert.StartsWith($"{job.Result.WorkerPid}-", record.Str("job_id"));
            // Before any record of its steps, so a reader meets the job first.
            var first = Records.ToList().FindIndex(r => r.Str("job_id") == record.Str("job_id") && r.Str("type") == "step");
            Assert.True(Records.ToList().IndexOf(record) < first, $"runner_job of {job.Job.JobName} comes after its first step record");
        }
    }

    [Fact]
    public void Steps_end_with_their_exit_codes_and_jobs_with_the_worker_exit_code()
    {
        foreach (var job in runners.All.Where(j => j.Job.JobName is not ("job-cancel" or "job-killed-worker")))
        {
            Assert.Equal(TaskResult.Succeeded, job.Result.Result);
            foreach (var number in job.Truth.Roots.Where(r => r.Number > 0).Select(r => r.Number))
            {
                Assert.Equal(0, Assert.Single(job.StepEnds(Records, number)).Int("exit_code"));
            }
            Assert.Equal(job.Truth.Roots.Count(r => r.Number == 0), job.StepEnds(Records, 0).Count);
            Assert.Equal(job.Result.WorkerExitCode, Assert.Single(job.Records(Records, "runner_job_end")).Int("exit_code"));
        }
    }

    [Fact]
    public void A_cancelled_step_ends_killed_after_SIGINT_and_SIGTERM_and_its_child_stays_in_it()
    {
        var job = runners["cancel"];
        Assert.Equal(TaskResult.Canceled, job.Result.Result);
        // SIGINT, then SIGTERM, were trapped and ignored; the runner then killed the step: 128 + SIGKILL.
        Assert.Equal(137, Assert.Single(job.StepEnds(Records, 1)).Int("exit_code"));
        Assert.Equal(TaskResults.ToReturnCode(TaskResult.Canceled), Assert.Single(job.Records(Records, "runner_job_end")).Int("exit_code"));
        var root = job.Truth.Step(1).Pid;
        var log = string.Concat(job.Host.WorkerLogs().Select(File.ReadAllText));
        Assert.True(log.IndexOf($"Sending SIGINT to process {root}.", StringComparison.Ordinal) is >= 0 and var interrupt
            && log.IndexOf($"Sending SIGTERM to process {root}.", StringComparison.Ordinal) > interrupt, "the runner sent SIGINT, then SIGTERM");
        var child = job.Probes["stubborn-child"].Self.Pid;
        Assert.All(Records.Where(r => r.TryGetProperty("pid", out var pid) && pid.GetInt32() == child && r.Str("type") != "step"), r => Assert.Equal(1, r.Int("step")));
    }

    [Fact]
    public void A_killed_worker_ends_its_job_with_137_and_its_orphans_keep_the_job_and_step()
    {
        var job = runners["killed-worker"];
        Assert.True(job.Result.WorkerKilled);
        var id = job.JobId(Records);
        var end = Assert.Single(job.Records(Records, "runner_job_end"));
        Assert.Equal(137, end.Int("exit_code"));
        Assert.Empty(job.StepEnds(Records, 1)); // the step outlived its worker and the trace

        var step = job.Truth.Step(1).Pid;
        var afterEnd = Records.SkipWhile(r => !r.Equals(end)).Where(r => r.Str("type") == "process_exec" && r.Int("ppid") == step).ToList();
        Assert.NotEmpty(afterEnd);
        Assert.All(afterEnd, r => Assert.Equal((id, 1), (r.Str("job_id"), r.Int("step"))));
        var daemon = job.Probes["daemon"].Self.Pid;
        Assert.Contains(Records, r => r.Str("type") == "process_exec" && r.Int("pid") == daemon && r.Str("filename") == "/usr/bin/sleep" && r.Str("job_id") == id && r.Int("step") == 1);
    }

    [Fact]
    public void A_setsid_escape_stays_in_the_step_that_started_it()
    {
        var job = runners["background"];
        var id = job.JobId(Records);
        var escaper = job.Probes["escaper"].Self;
        var step = job.Truth.StepOfRoot[escaper.Pid];
        foreach (var name in new[] { "escaped-tracked", "escaped-untracked" })
        {
            var escaped = job.Probes[name].Self;
            Assert.NotEqual(escaper.SessionId, escaped.SessionId);
            Assert.NotEqual(escaper.Pid, escaped.ParentPid); // setsid -f's own process exited: reparented
            var own = Records.Where(r => r.TryGetProperty("pid", out var pid) && pid.GetInt32() == escaped.Pid).ToList();
            Assert.Contains(own, r => r.Str("type") == "process_exec" && r.Str("filename") == "/usr/bin/sleep");
            Assert.All(own, r => Assert.Equal((id, step), (r.Str("job_id"), r.Int("step"))));
        }
    }

    [Fact]
    public void A_change_of_user_and_a_double_forked_daemon_stay_in_their_step()
    {
        var job = runners["mixed"];
        var id = job.JobId(Records);
        var step = job.Records(Records, "step").Single(s => s.Str("name") == GoldenRunners.PrivilegedStep).Int("step");
        var asNobody = Assert.Single(Records, r => r.Str("type") == "process_exec" && r.Str("job_id") == id && r.Str("filename") == "/bin/cat" && r.Int("uid") == GoldenRunners.NobodyUid);
        Assert.Equal(step, asNobody.Int("step"));
        var daemon = Assert.Single(Records, r => r.Str("type") == "file_open" && r.Str("job_id") == id && r.Str("path") == "/etc/os-release" && r.Str("comm") == "cat");
        Assert.Equal(step, daemon.Int("step"));
    }

    [Fact]
    public void Two_background_steps_run_at_once_and_their_records_never_mix()
    {
        var job = runners["background"];
        var id = job.JobId(Records);
        var server = job.Truth.StepOfRoot[job.Probes["server-start"].Self.Pid];
        var client = job.Truth.StepOfRoot[job.Probes["client-start"].Self.Pid];
        Assert.Equal("server", job.StepRecord(Records, job.Truth.Step(server).Pid).Str("name"));
        Assert.Equal("client", job.StepRecord(Records, job.Truth.Step(client).Pid).Str("name"));
        AssertOverlap(job, server, job, client);
        // Their records interleave in time, each keeping its own step.
        var serverTimes = Records.Where(r => r.Str("job_id") == id && r.Str("type") == "file_open" && r.Int("step") == server).Select(Time).ToList();
        Assert.Contains(Records, r => r.Str("job_id") == id && r.Str("type") == "file_open" && r.Int("step") == client && Time(r) > serverTimes.Min() && Time(r) < serverTimes.Max());
        foreach (var (probe, number) in new[] { ("server-start", server), ("server-end", server), ("client-start", client), ("client-end", client) })
        {
            var pid = job.Probes[probe].Self.Pid;
            Assert.All(Records.Where(r => r.Str("type") == "file_open" && r.Int("pid") == pid), r => Assert.Equal((id, number), (r.Str("job_id"), r.Int("step"))));
        }
    }

    [Fact]
    public void Two_runners_with_jobs_at_once_give_two_jobs_that_never_cross()
    {
        var (first, second) = (runners["mixed"], runners["background"]);
        Assert.NotEqual(first.JobId(Records), second.JobId(Records));
        Assert.Equal(["golden-mixed", "golden-background"], new[] { first, second }.Select(j => j.RunnerJob(Records).Str("runner_name")));
        AssertOverlap(first, first.Truth.StepOfRoot[first.Probes["meeting-start"].Self.Pid], second, second.Truth.StepOfRoot[second.Probes["meeting-start"].Self.Pid]);
        AttributionOracle.AssertEveryRecordAttributed(Records, [first.Truth, second.Truth], everythingElseOutsideJobs: false);
    }

    [Fact]
    public void A_step_whose_environment_is_past_the_scan_bound_is_a_step_of_known_kind_without_identity()
    {
        var job = runners["unreadable-env"];
        var root = job.Truth.Step(1);
        var exec = Assert.Single(Records, r => r.Str("type") == "process_exec" && r.Int("pid") == root.Pid);
        Assert.True(exec.GetProperty("env_truncated").GetBoolean(), "the step's environment must really exceed the scan bound");
        var step = job.StepRecord(Records, root.Pid);
        Assert.Equal("run", step.Str("kind"));
        Assert.Equal(root.Script, step.Str("script"));
        Assert.Null(step.Str("name"));
        Assert.Null(step.Str("action"));
        var record = job.RunnerJob(Records);
        Assert.Equal("golden-unreadable-env", record.Str("runner_name")); // from .runner, not the environment
        foreach (var field in new[] { "repository", "run_id", "run_attempt", "job", "workflow_ref" })
        {
            Assert.False(record.TryGetProperty(field, out _), $"runner_job.{field} cannot be known");
        }
        Assert.Equal(0, Assert.Single(job.StepEnds(Records, 1)).Int("exit_code"));
    }

    /// <summary>Both steps had started before either ended.</summary>
    private void AssertOverlap(TracedJob job, int step, TracedJob otherJob, int otherStep)
    {
        var starts = new[] { Time(job.StepRecord(Records, job.Truth.Step(step).Pid)), Time(otherJob.StepRecord(Records, otherJob.Truth.Step(otherStep).Pid)) };
        var ends = new[] { Time(Assert.Single(job.StepEnds(Records, step))), Time(Assert.Single(otherJob.StepEnds(Records, otherStep))) };
        Assert.True(starts.Max() < ends.Min(), $"steps {step} and {otherStep} ran at once");
    }

    private static DateTimeOffset Time(JsonElement record) => DateTimeOffset.Parse(record.Str("timestamp")!, CultureInfo.InvariantCulture);
}

/// <summary>The fake-runner tracer tests run one after another: each starts several .NET programs on a 2-core machine.</summary>
[CollectionDefinition(Name)]
[Trait("Category", "kernel")]
public sealed class FakeRunnerCollection
{
    public const string Name = "fake runner";
}
