using System.Globalization;
using Ashiato.Tracer.Tests.EndToEnd.Jobs;
using Ashiato.Tracer.Tests.Support;
using Ashiato.Tracer.Tests.Support.Agent;
using Ashiato.Tracer.Tests.Support.Runners;
using FakeRunner.Protocol;
using FakeRunner.Support;
using Poll = FakeRunner.Support.Poll;

namespace Ashiato.Tracer.Tests.EndToEnd.Agent;

/// <summary>
/// <c>ashiato agent --out DIR</c> on the real kernel with the fake runner: one trace per job, from its worker's exec (or
/// the snapshot of a job already running) to its exit, every record of it and none of another; the host's activity in
/// a file of its own, or dropped; SIGTERM closes the open jobs' traces with a final record.
/// </summary>
[Collection(FakeRunnerCollection.Name)]
[Trait("Category", "kernel")]
public sealed class AgentFileTests : IDisposable
{
    private readonly string _output = RunningAgent.NewDirectory("out");

    [Fact]
    public void Three_jobs_in_a_row_the_first_running_when_the_agent_starts_make_three_traces_and_the_host_its_own()
    {
        using var host = FakeRunnerHost.Create();
        var jobs = new[]
        {
            host.Enqueue(Scenarios.WithSteps(new RunStep { Run = Scenarios.SourceProbes + "probe first\nwait_for_gate all" })),
            host.Enqueue(Scenarios.WithSteps(new RunStep { Run = Scenarios.SourceProbes + "probe second" })),
            host.Enqueue(Scenarios.WithSteps(new RunStep { Run = Scenarios.SourceProbes + "probe third" })),
        };
        host.RequestShutdown();
        host.StartListener();
        host.WaitForProbe("first"); // the first job runs as the agent attaches
        using var agent = RunningAgent.Start("--out", _output, "--label", "pool=linux-test");
        host.OpenGate("all");
        var results = jobs.Select(job => host.WaitForResult(job)).ToList();
        Poll.Until(() => results.All(r => JobTraceFiles.Ended(JobTraceFiles.TryRead(JobTraceFiles.Of(_output, r.WorkerPid)))), "every job's trace to end");
        agent.Stop();

        var traced = jobs.Zip(results, (job, result) => new TracedJob(host, job, result, WorkerGroundTruth.Of(host, result.WorkerPid, [ExpectedStep.Run("__run")]))).ToList();
        var all = new List<System.Text.Json.JsonElement>();
        foreach (var (job, probe) in traced.Zip(new[] { "first", "second", "third" }))
        {
            var path = JobTraceFiles.Of(_output, job.Result.WorkerPid)!;
            var records = AshiatoCli.ReadTrace(path);
            var id = Path.GetFileName(path)[..^".jsonl.gz".Length];
            JobTraceFiles.AssertWellFormed(records, id, "job_ended");
            Assert.Equal("linux-test", records[0].GetProperty("labels").GetProperty("pool").GetString());
            var runnerJob = job.RunnerJob(records);
            Assert.Equal((id, job.Job.JobName, job.Job.Run.RunId, host.Settings.AgentName), (runnerJob.Str("job_id"), runnerJob.Str("job"), runnerJob.Str("run_id"), runnerJob.Str("runner_name")));
            Assert.Equal(job.Result.WorkerExitCode, Assert.Single(job.Records(records, "runner_job_end")).Int("exit_code"));
            // The probing step's own records (the first probed before the agent started: its snapshot exec).
            var pid = job.Probes[probe].Self.Pid;
            Assert.Contains(records, r => r.Str("type") is "file_open" or "process_exec" && r.Int("pid") == pid && r.Int("step") == 1);
            all.AddRange(records);
        }
        // The job running at start begins with its snapshot: the worker was there before the agent.
        var firstWorker = AshiatoCli.ReadTrace(JobTraceFiles.Of(_output, results[0].WorkerPid)!)
            .Single(r => r.Str("type") == "process_exec" && r.Int("pid") == results[0].WorkerPid);
        Assert.True(firstWorker.GetProperty("snapshot").GetBoolean());
        var hostTrace = Directory.EnumerateFiles(_output, "host-*.jsonl.gz").Single();
        var hostRecords = AshiatoCli.ReadTrace(hostTrace);
        Assert.Contains(hostRecords, r => r.Str("type") == "process_exec" && r.Str("comm") == "Runner.Listener" && !r.TryGetProperty("job_id", out _));
        Assert.DoesNotContain(hostRecords, r => r.Str("type") is "runner_job" or "step");
        // Every record of the runner's jobs is in its job's trace, with its step (other tests' processes are in the host's).
        AttributionOracle.AssertEveryRecordAttributed(all, [.. traced.Select(t => t.Truth)], everythingElseOutsideJobs: false);
    }

    [Fact]
    public void A_step_that_stops_the_agent_is_named_in_its_job_trace_which_SIGTERM_closes_with_a_final_record()
    {
        using var agent = RunningAgent.Start("--out", _output, "--drop-host-activity");
        using var host = FakeRunnerHost.Create();
        var stopper = string.Create(CultureInfo.InvariantCulture, $"probe waiting\nwait_for_gate stop-agent\nkill -TERM {agent.Process.Pid}\nwait_for_gate finish");
        var job = host.Enqueue(Scenarios.WithSteps(new RunStep { Run = Scenarios.SourceProbes + stopper }));
        host.RequestShutdown();
        host.StartListener();
        var waiting = host.WaitForProbe("waiting");
        var worker = waiting.Parent.Pid;
        Poll.Until(() => JobTraceFiles.TryRead(JobTraceFiles.Of(_output, worker)).Any(r => r.Str("type") == "file_open" && r.Int("pid") == waiting.Self.Pid),
            "the waiting step's records in its job's trace");
        host.OpenGate("stop-agent");
        Assert.True(agent.Process.WaitForExit() == 0, agent.Process.Output);
        host.OpenGate("finish");
        host.WaitForResult(job);

        var path = JobTraceFiles.Of(_output, worker)!;
        var records = AshiatoCli.ReadTrace(path); // a complete gzip file
        var jobId = Path.GetFileName(path)[..^".jsonl.gz".Length];
        JobTraceFiles.AssertWellFormed(records, jobId, "agent_stopped");
        Assert.DoesNotContain(records, r => r.Str("type") == "runner_job_end"); // it was still running
        // Who stopped the agent: the step's shell, in its job and step.
        var signal = Assert.Single(records, r => r.Str("type") == "signal");
        Assert.Equal((waiting.Self.Pid, "bash", jobId, 1), (signal.Int("pid"), signal.Str("comm"), signal.Str("job_id"), signal.Int("step")));
        Assert.Equal(("SIGTERM", agent.Process.Pid, true), (signal.Str("signal"), signal.Int("target_pid"), signal.GetProperty("delivered").GetBoolean()));
        Assert.Equal(new[] { Path.GetFileName(path) }, Directory.EnumerateFiles(_output).Select(Path.GetFileName)); // no host trace
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
