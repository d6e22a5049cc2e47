using FakeRunner.Protocol;
using FakeRunner.Support;

namespace FakeRunner.Tests;

/// <summary>A background step cancelled by a <c>cancel</c> step, and a step that outlives its <c>timeout-minutes</c>.</summary>
[Trait("Category", "kernel")]
public sealed class StepControlTests
{
    [Fact]
    public void A_cancel_step_signals_the_background_step_process_and_the_job_goes_on()
    {
        using var host = FakeRunnerHost.Create(new FakeRunnerOptions { Timeouts = CancellationTests.SignalTimeouts });
        var result = host.RunQueued(host.Enqueue(Scenarios.WithSteps(
            new RunStep { Id = "server", Background = true, Shell = "bash", Run = Scenarios.SourceProbes + "record_signals server\nprobe server-up\nwhile :; do sleep 0.05; done" },
            new RunStep { Run = Scenarios.SourceProbes + "wait_for_probe server-up" },
            new CancelStep { Steps = ["server"] },
            new RunStep { Run = Scenarios.SourceProbes + "probe after-cancel" })));

        Assert.Equal(TaskResult.Succeeded, result.Result);
        var probes = host.ProbesOf(result);
        Assert.Equal(["INT", "TERM"], File.ReadAllLines(Path.Combine(probes.Directory, "server.signals")).Select(line => line.Split(' ')[0]));
        Assert.False(ProcessFacts.IsAlive(probes["server-up"].Self));
        Assert.True(probes["server-up"].Time < probes["after-cancel"].Time);
        Assert.Contains("Cancelling 1 background step(s): server", string.Concat(host.WorkerLogs().Select(File.ReadAllText)));
    }

    [Fact]
    public void A_step_past_its_timeout_is_signalled_and_fails_the_job()
    {
        using var host = FakeRunnerHost.Create();
        var result = host.RunQueued(host.Enqueue(Scenarios.WithSteps(
            new RunStep { Name = "Slow", TimeoutMinutes = 0.01, Run = "while :; do sleep 0.05; done" },
            new RunStep { Run = Scenarios.SourceProbes + "probe skipped" })));

        // No probe in the slow step: on a loaded machine its shell may not get that far within the timeout.
        Assert.Equal(TaskResult.Failed, result.Result);
        var entries = WorkerLog.Parse(string.Concat(host.WorkerLogs().Select(File.ReadAllText)));
        var slow = Assert.Single(WorkerLog.StartedProcesses(entries));
        var log = entries.Select(entry => entry.Message).ToList();
        Assert.Contains($"Sending SIGINT to process {slow.Pid}.", log);
        Assert.Contains("The action has timed out.", log);
        Assert.Contains("Skipping step 'Run . \"$FAKE_RUNNER_PROBES/probe.sh\"' due to condition evaluation.", log);
        Assert.Empty(Directory.GetDirectories(host.ProbeDirectory, "skipped", SearchOption.AllDirectories));
    }

    [Fact]
    public void Variables_and_paths_a_step_writes_to_GITHUB_ENV_and_GITHUB_PATH_reach_the_later_steps()
    {
        using var host = FakeRunnerHost.Create();
        var result = host.RunQueued(host.Enqueue(Scenarios.WithSteps(
            new RunStep
            {
                Run = "echo FOO=bar >> \"$GITHUB_ENV\"\nprintf 'MULTI<<EOF\\nl1\\nl2\\nEOF\\n' >> \"$GITHUB_ENV\"\n"
                    + "echo NODE_OPTIONS=--require=/tmp/evil.js >> \"$GITHUB_ENV\"\necho \"$RUNNER_TEMP/tools\" >> \"$GITHUB_PATH\"",
            },
            new RunStep { Run = Scenarios.SourceProbes + "probe later" })));

        Assert.Equal(TaskResult.Succeeded, result.Result);
        var later = host.ProbesOf(result)["later"].Self.Environment;
        Assert.Equal("bar", later["FOO"]);
        Assert.Equal("l1\nl2", later["MULTI"]);
        Assert.False(later.ContainsKey("NODE_OPTIONS"), "the runner refuses NODE_OPTIONS from GITHUB_ENV");
        Assert.Equal($"{host.Layout.Temp}/tools:{FakeRunnerHost.ServicePath}", later["PATH"]);
    }
}
