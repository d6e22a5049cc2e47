using FakeRunner.Protocol;
using FakeRunner.Support;

namespace FakeRunner.Tests;

[Trait("Category", "kernel")]
public sealed class BackgroundScenario() : ScenarioRun("background");

/// <summary>Two background steps run at once: each waits at a rendezvous until the other has started.</summary>
[Trait("Category", "kernel")]
public sealed class BackgroundStepTests(BackgroundScenario run) : IClassFixture<BackgroundScenario>
{
    [Fact]
    public void Two_background_steps_overlap_and_a_wait_step_joins_them()
    {
        Assert.Equal(TaskResult.Succeeded, run.Result.Result);
        var probes = run.Probes;
        var starts = new[] { probes["server-start"], probes["client-start"] };
        var ends = new[] { probes["server-end"], probes["client-end"] };
        Assert.True(starts.Max(p => p.Time) < ends.Min(p => p.Time), "each step started before the other ended");
        Assert.All(starts.Concat(ends), probe => Assert.Equal(run.Result.WorkerPid, probe.Parent.Pid));
        Assert.NotEqual(probes["server-start"].Self.Pid, probes["client-start"].Self.Pid);
        Assert.Equal("server", probes["server-start"].Self.Environment["GITHUB_ACTION"]);
        Assert.Equal("client", probes["client-start"].Self.Environment["GITHUB_ACTION"]);
        Assert.NotEqual(probes["server-start"].Self.Environment["GITHUB_OUTPUT"], probes["client-start"].Self.Environment["GITHUB_OUTPUT"]);
        Assert.True(ends.Max(p => p.Time) < probes["after-wait"].Time, "the step after the wait starts when both are done");
    }
}

/// <summary>Several jobs in a row from one listener, and two runners with jobs at once.</summary>
[Trait("Category", "kernel")]
public sealed class ListenerTests
{
    [Fact]
    public void Three_jobs_in_a_row_each_run_in_a_new_worker_of_the_same_listener()
    {
        using var host = FakeRunnerHost.Create();
        var jobs = Enumerable.Range(1, 3)
            .Select(n => host.Enqueue("run-steps", job => job with { JobName = $"build-{n}", Run = job.Run with { RunId = $"100{n}" } }))
            .ToList();
        host.RequestShutdown();
        var listener = host.StartListener();
        var results = jobs.Select(job => host.WaitForResult(job)).ToList();
        listener.WaitForExit();
        Assert.Equal(0, listener.ExitCode);

        Assert.All(results, result => Assert.Equal(TaskResult.Succeeded, result.Result));
        Assert.Equal(3, results.Select(result => result.WorkerPid).Distinct().Count());
        for (var i = 1; i < results.Count; i++)
        {
            Assert.True(results[i - 1].FinishedAt <= results[i].StartedAt, "one job at a time");
        }
        var trackingIds = new HashSet<string>();
        for (var i = 0; i < jobs.Count; i++)
        {
            var probes = host.ProbesOf(results[i]);
            Assert.True(trackingIds.Add(probes.TrackingId));
            var step = probes["default-shell"];
            Assert.Equal(results[i].WorkerPid, step.Parent.Pid);
            Assert.Equal(listener.Pid, step.Grandparent.Pid);
            Assert.Equal($"build-{i + 1}", step.Self.Environment["GITHUB_JOB"]);
            Assert.Equal($"100{i + 1}", step.Self.Environment["GITHUB_RUN_ID"]);
        }
        Assert.All(host.WorkerLogs(), log => Assert.Matches("Worker_[0-9]{8}-[0-9]{6}-utc\\.log$", log));
    }

    [Fact]
    public void Two_runners_run_jobs_at_the_same_time()
    {
        var probes = Directory.CreateTempSubdirectory("fake-runner-probes-").FullName;
        try
        {
            using var first = FakeRunnerHost.Create(new FakeRunnerOptions { RunnerName = "fake-runner-1", ProbeDirectory = probes });
            using var second = FakeRunnerHost.Create(new FakeRunnerOptions { RunnerName = "fake-runner-2", ProbeDirectory = probes });
            var jobs = new[] { first.Enqueue("rendezvous"), second.Enqueue("rendezvous") };
            first.RequestShutdown();
            second.RequestShutdown();
            var listeners = new[] { first.StartListener(), second.StartListener() };
            var results = new[] { first.WaitForResult(jobs[0]), second.WaitForResult(jobs[1]) };

            Assert.All(results, result => Assert.Equal(TaskResult.Succeeded, result.Result));
            var starts = new[] { first.ProbesOf(results[0])["meeting-start"], second.ProbesOf(results[1])["meeting-start"] };
            var ends = new[] { first.ProbesOf(results[0])["meeting-end"], second.ProbesOf(results[1])["meeting-end"] };
            Assert.True(starts.Max(p => p.Time) < ends.Min(p => p.Time), "both jobs ran at once");
            Assert.Equal(["fake-runner-1", "fake-runner-2"], starts.Select(p => p.Self.Environment["RUNNER_NAME"]));
            Assert.Equal([first.Layout.WorkerExecutable, second.Layout.WorkerExecutable], starts.Select(p => p.Parent.Exe));
            Assert.Equal(listeners.Select(l => l.Pid), starts.Select(p => p.Grandparent.Pid));
            Assert.Equal([first.Layout.Workspace(jobs[0].Run), second.Layout.Workspace(jobs[1].Run)], starts.Select(p => p.Self.Cwd));
        }
        finally
        {
            Directory.Delete(probes, recursive: true);
        }
    }

    [Fact]
    public void An_ephemeral_runner_takes_one_job_and_exits()
    {
        using var host = FakeRunnerHost.Create(new FakeRunnerOptions { Ephemeral = true });
        var first = host.Enqueue(Scenarios.WithSteps(new RunStep { Run = "true" }));
        var second = host.Enqueue(Scenarios.WithSteps(new RunStep { Run = "true" }));
        var listener = host.StartListener();
        Assert.Equal(TaskResult.Succeeded, host.WaitForResult(first).Result);
        listener.WaitForExit();
        Assert.Equal(0, listener.ExitCode);
        Assert.True(File.Exists(host.Broker.PendingJobFile(second.RequestId)), "the second job is left for another runner");
    }

    [Fact]
    public void A_job_message_that_cannot_be_read_is_skipped_with_one_message()
    {
        using var host = FakeRunnerHost.Create();
        File.WriteAllText(host.Broker.PendingJobFile(0), "{ \"jobName\": \"build\", \"stepz\": [] }");
        var job = host.Enqueue(Scenarios.WithSteps(new RunStep { Run = "true" }));
        Assert.Equal(TaskResult.Succeeded, host.RunQueued(job).Result);
        var listener = Assert.Single(host.Listeners);
        listener.WaitForExit();
        var skipped = Assert.Single(listener.Output.Split('\n'), line => line.Contains("skipping a job message", StringComparison.Ordinal));
        Assert.Contains("000000.json.acquired", skipped);
        Assert.DoesNotContain("   at ", listener.Output);
    }

    [Fact]
    public void The_apphosts_refuse_other_command_lines_with_a_usage_line()
    {
        using var host = FakeRunnerHost.Create();
        var worker = CommandLine.Run(host.Layout.WorkerExecutable, "spawnclient");
        Assert.Equal(1, worker.ExitCode);
        Assert.Equal("usage: Runner.Worker spawnclient <pipe handle in> <pipe handle out>", worker.Error.Trim());
        var listener = CommandLine.Run(host.Layout.ListenerExecutable, "configure");
        Assert.Equal(1, listener.ExitCode);
        Assert.StartsWith("Runner.Listener: unknown command 'configure'", listener.Error);
        Assert.Empty(host.WorkerLogs());

        var impostor = CommandLine.Run(host.Layout.WorkerExecutable, "spawnclient", "98", "99");
        Assert.Equal(TaskResults.ToReturnCode(TaskResult.Failed), impostor.ExitCode);
        Assert.Equal("Runner.Worker: pipe handle '98' is not a pipe this process inherited: Runner.Worker runs under Runner.Listener", impostor.Error.Trim());
        Assert.DoesNotContain("Job message:", File.ReadAllText(Assert.Single(host.WorkerLogs())));
    }
}
