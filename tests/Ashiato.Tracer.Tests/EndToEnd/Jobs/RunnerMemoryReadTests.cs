using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ashiato.Tracer.Tests.Support;
using Ashiato.Tracer.Tests.Support.Runners;
using FakeRunner.Protocol;
using FakeRunner.Support;

namespace Ashiato.Tracer.Tests.EndToEnd.Jobs;

/// <summary>
/// Issue 14's done-when: a malicious JavaScript action that reads the Runner.Worker's memory is reported, with its job,
/// step and action, in all three ways of tracing a runner: from the listener, the whole machine (three jobs in a
/// row), and a worker that started before the tracer.
/// </summary>
[Collection(FakeRunnerCollection.Name)]
[Trait("Category", "kernel")]
public sealed class RunnerMemoryReadTests : IDisposable
{
    /// <summary>Where the attack sends its loot: a loopback port that accepts and never reads.</summary>
    private readonly TcpListener _exfiltration = new(IPAddress.Loopback, 0);

    public RunnerMemoryReadTests() => _exfiltration.Start();

    private int Port => ((IPEndPoint)_exfiltration.LocalEndpoint).Port;

    /// <summary>The attack job's worker children: download (tar, chmod), checkout, the action, a run step, the upload.</summary>
    private static ExpectedStep[] AttackSteps =>
    [
        .. ExpectedStep.Download,
        ExpectedStep.Run("__run"),
        ExpectedStep.JavaScript("changed-files", AttackReport.Action),
        ExpectedStep.Run("__run_2"),
        ExpectedStep.Run(AttackReport.UploadStep),
    ];

    [Fact]
    public void Traced_from_the_listener()
    {
        using var host = FakeRunnerHost.Create();
        var job = host.Enqueue(AttackReport.WithUpload(Scenarios.Load("malicious-action"), Port));
        host.RequestShutdown();
        var output = Path.Combine(Path.GetTempPath(), $"ashiato-jobs-{Guid.NewGuid():N}.jsonl.gz");
        try
        {
            var run = CommandRunner.Run([AshiatoCli.Executable, "trace", "-o", output, "--", .. ListenerLaunch.Argv(host)], workingDirectory: host.ListenerCommand.WorkingDirectory);
            Assert.True(run.ExitCode == 0, run.Stderr);
            var result = host.WaitForResult(job);
            var records = AshiatoCli.ReadTrace(output);
            var traced = new TracedJob(host, job, result, WorkerGroundTruth.Of(host, result.WorkerPid, AttackSteps));

            AttributionOracle.AssertEveryRecordAttributed(records, [traced.Truth], everythingElseOutsideJobs: true);
            AttackReport.AssertReported(output, records, traced, Port);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Traced_with_all_over_three_jobs_in_a_row_the_first_running_when_the_tracer_starts()
    {
        using var host = FakeRunnerHost.Create();
        var jobs = new[]
        {
            host.Enqueue(Scenarios.WithSteps(new RunStep { Run = Scenarios.SourceProbes + "probe first\nwait_for_gate all" })),
            host.Enqueue(AttackReport.WithUpload(Scenarios.Load("malicious-action"), Port)),
            host.Enqueue(Scenarios.WithSteps(new RunStep { Run = Scenarios.SourceProbes + "probe third" })),
        };
        host.RequestShutdown();
        host.StartListener();
        host.WaitForProbe("first"); // the first job's step now forks a sleep every 20 ms, as the tracer attaches
        using var tracer = RunningTracer.Start("--all");
        host.OpenGate("all");
        var results = jobs.Select(job => host.WaitForResult(job)).ToList();
        var lastJob = $"\"job_id\":\"{results[^1].WorkerPid.ToString(CultureInfo.InvariantCulture)}-";
        tracer.WaitForLine(lastJob, r => r.Str("type") == "runner_job_end", "the third job's runner_job_end");
        tracer.Interrupt();
        var records = tracer.WaitForExit();

        var traced = new[]
        {
            new TracedJob(host, jobs[0], results[0], WorkerGroundTruth.Of(host, results[0].WorkerPid, [ExpectedStep.Run("__run")])),
            new TracedJob(host, jobs[1], results[1], WorkerGroundTruth.Of(host, results[1].WorkerPid, AttackSteps)),
            new TracedJob(host, jobs[2], results[2], WorkerGroundTruth.Of(host, results[2].WorkerPid, [ExpectedStep.Run("__run")])),
        };
        // Other tests run beside this one: only this runner's processes are checked, and no other record may carry its jobs.
        AttributionOracle.AssertEveryRecordAttributed(records, [.. traced.Select(t => t.Truth)], everythingElseOutsideJobs: false);
        var ids = traced.Select(t => t.JobId(records)).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        foreach (var (job, probe) in new[] { (traced[0], "first"), (traced[2], "third") })
        {
            var pid = job.Probes[probe].Self.Pid;
            Assert.All(records.Where(r => r.Str("type") == "file_open" && r.Int("pid") == pid), r => Assert.Equal((job.JobId(records), 1), (r.Str("job_id"), r.Int("step"))));
            Assert.Equal(job.Result.WorkerExitCode, Assert.Single(job.Records(records, "runner_job_end")).Int("exit_code"));
        }
        AttackReport.AssertReported(tracer.OutputPath, records, traced[1], Port);
    }

    [Fact]
    public void Traced_by_pid_of_a_worker_started_earlier()
    {
        using var host = FakeRunnerHost.Create();
        var job = host.Enqueue(AttackReport.WithUpload(Scenarios.Load("gated-malicious-action"), Port));
        host.RequestShutdown();
        host.StartListener();
        var gate = host.WaitForProbe("at-gate");
        var worker = gate.Parent.Pid;
        using var tracer = RunningTracer.Start("--pid", worker.ToString(CultureInfo.InvariantCulture));
        host.OpenGate("attach");
        var result = host.WaitForResult(job);
        var records = tracer.WaitForExit(); // it stops when the worker exits

        Assert.Equal(worker, result.WorkerPid);
        // The steps still running at attach time and those after it, numbered in the order the trace saw them start.
        var truth = WorkerGroundTruth.Of(
            host, worker,
            [ExpectedStep.Run("__run_2"), ExpectedStep.JavaScript("changed-files", AttackReport.Action), ExpectedStep.Run("__run_3"), ExpectedStep.Run(AttackReport.UploadStep)],
            firstSeen: gate.Self.Pid);
        var traced = new TracedJob(host, job, result, truth);
        Assert.True(Assert.Single(records, r => r.Str("type") == "process_exec" && r.Int("pid") == worker).GetProperty("snapshot").GetBoolean());
        var waiting = traced.StepRecord(records, gate.Self.Pid);
        Assert.Equal((1, "run", "__run_2"), (waiting.Int("step"), waiting.Str("kind"), waiting.Str("name")));
        var runnerJob = traced.RunnerJob(records);
        Assert.Equal((job.Run.Repository, job.Run.RunId, job.JobName, host.Settings.AgentName), (runnerJob.Str("repository"), runnerJob.Str("run_id"), runnerJob.Str("job"), runnerJob.Str("runner_name")));

        AttributionOracle.AssertEveryRecordAttributed(records, [traced.Truth], everythingElseOutsideJobs: true);
        AttackReport.AssertReported(tracer.OutputPath, records, traced, Port);
    }

    public void Dispose() => _exfiltration.Stop();
}
