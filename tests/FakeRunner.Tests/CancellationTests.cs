using System.Globalization;
using FakeRunner.Protocol;
using FakeRunner.Support;

namespace FakeRunner.Tests;

/// <summary>
/// Cancelling a job: the worker signals the step's own process only (SIGINT, then SIGTERM, then kill), and a worker
/// that outlives the job's cancel timeout is killed by the listener, leaving its steps' processes behind.
/// </summary>
[Trait("Category", "kernel")]
public sealed class CancellationTests
{
    /// <summary>Long enough for the step's traps to run on a loaded machine before the next signal comes.</summary>
    internal static readonly RunnerTimeouts SignalTimeouts = FakeRunnerOptions.FastTimeouts with { SigintMilliseconds = 1000, SigtermMilliseconds = 1000 };

    [Fact]
    public void A_cancelled_step_gets_SIGINT_then_SIGTERM_then_is_killed_and_its_child_gets_nothing()
    {
        using var host = FakeRunnerHost.Create(new FakeRunnerOptions { Timeouts = SignalTimeouts });
        var job = host.Enqueue("cancel");
        host.RequestShutdown();
        host.StartListener();
        var step = host.WaitForProbe("stubborn");
        var child = host.WaitForProbe("stubborn-child");
        host.Cancel(job);
        var result = host.WaitForResult(job);

        Assert.Equal(TaskResult.Canceled, result.Result);
        Assert.Equal(TaskResults.ToReturnCode(TaskResult.Canceled), result.WorkerExitCode);
        Assert.False(result.WorkerKilled);
        Assert.Equal(result.WorkerPid, step.Self.ParentPid);
        Assert.Equal(step.Self.Pid, child.Self.ParentPid);

        var probes = host.ProbesOf(result);
        var signals = File.ReadAllLines(Path.Combine(probes.Directory, "step.signals")).Select(line => line.Split(' ')).ToList();
        Assert.Equal(["INT", "TERM"], signals.Select(signal => signal[0]));
        var between = double.Parse(signals[1][1], CultureInfo.InvariantCulture) - double.Parse(signals[0][1], CultureInfo.InvariantCulture);
        // The runner's wait between the two is in its log below; the traps' own times only show the order (each trap runs when the shell's current sleep ends).
        Assert.True(between > 0, $"SIGTERM came {between:F3} s after SIGINT");
        Assert.False(File.Exists(Path.Combine(probes.Directory, "child.signals")), "the step's child got no signal");
        Assert.False(probes.Has("never-runs"));

        var log = WorkerLog.Parse(string.Concat(host.WorkerLogs().Select(File.ReadAllText))).Select(entry => entry.Message).ToList();
        var pid = step.Self.Pid;
        var order = new[]
        {
            $"Sending SIGINT to process {pid}.",
            "Process did not honor SIGINT signal within 1 seconds.",
            $"Sending SIGTERM to process {pid}.",
            "Process did not honor SIGTERM signal within 1 seconds.",
            "Kill entire process tree since both cancel and terminate signal has been ignored by the target process.",
            $"Terminate orphan process: pid ({child.Self.Pid}) (bash)",
        }.Select(line => log.IndexOf(line)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Contains(log, line => line.StartsWith($"Finished process {pid} with exit code 137,", StringComparison.Ordinal));
        Assert.False(ProcessFacts.IsAlive(step.Self));
        Poll.Until(() => !ProcessFacts.IsAlive(child.Self), "Complete job to kill the step's orphaned child");
    }

    [Fact]
    public void A_worker_killed_after_the_cancel_timeout_leaves_its_step_and_daemon_running()
    {
        using var host = FakeRunnerHost.Create(new FakeRunnerOptions
        {
            Hooks = true,
            Timeouts = FakeRunnerOptions.FastTimeouts with { SigintMilliseconds = 60_000, JobCancelMilliseconds = 500 },
        });
        var job = host.Enqueue("killed-worker");
        host.RequestShutdown();
        host.StartListener();
        var step = host.WaitForProbe("ignores-signals");
        var daemon = host.WaitForProbe("daemon");
        host.Cancel(job);
        var result = host.WaitForResult(job);

        Assert.True(result.WorkerKilled);
        Assert.Null(result.WorkerExitCode);
        Assert.Equal(TaskResult.Canceled, result.Result);
        Assert.Equal(result.WorkerPid, step.Self.ParentPid);
        Assert.Equal(step.Self.Pid, daemon.Self.ParentPid);
        Poll.Until(() => ProcessFacts.Read(result.WorkerPid) is null || !ProcessFacts.IsAlive(step.Parent), "the killed worker to be reaped");

        foreach (var orphan in new[] { step.Self, daemon.Self })
        {
            Assert.True(ProcessFacts.IsAlive(orphan), $"{string.Join(' ', orphan.Argv)} outlived the worker");
            Assert.NotEqual(result.WorkerPid, ProcessFacts.Read(orphan.Pid)!.ParentPid);
        }
        Assert.Equal(["sleep", "600"], ProcessFacts.Read(daemon.Self.Pid)!.Argv);
        var probes = host.ProbesOf(result);
        Assert.True(probes.Has("hook-started"));
        Assert.False(probes.Has("hook-completed"), "hooks do not run once the worker is killed");
        var log = string.Concat(host.WorkerLogs().Select(File.ReadAllText));
        Assert.Contains($"Sending SIGINT to process {step.Self.Pid}.", log);
        Assert.DoesNotContain("Cleaning up orphan processes", log);
    }
}

/// <summary>Processes that escape into a new session with setsid: one keeps RUNNER_TRACKING_ID, one clears it.</summary>
[Trait("Category", "kernel")]
public sealed class EscapeTests
{
    [Fact]
    public void A_setsid_escape_leaves_the_session_and_only_clearing_the_tracking_id_outlives_the_job()
    {
        using var host = FakeRunnerHost.Create();
        var result = host.RunQueued(host.Enqueue("setsid-escape"));
        Assert.Equal(TaskResult.Succeeded, result.Result);

        var probes = host.ProbesOf(result);
        var escaper = probes["escaper"].Self;
        var tracked = probes["escaped-tracked"].Self;
        var untracked = probes["escaped-untracked"].Self;
        Assert.Equal(result.WorkerPid, escaper.ParentPid);
        foreach (var escaped in new[] { tracked, untracked })
        {
            Assert.Equal(escaped.Pid, escaped.SessionId);
            Assert.NotEqual(escaper.SessionId, escaped.SessionId);
            Assert.NotEqual(escaper.Pid, escaped.ParentPid);
        }
        Assert.Equal(probes.TrackingId, tracked.Environment["RUNNER_TRACKING_ID"]);
        Assert.Equal(string.Empty, untracked.Environment["RUNNER_TRACKING_ID"]);

        Poll.Until(() => !ProcessFacts.IsAlive(tracked), "Complete job to kill the escaped process that kept RUNNER_TRACKING_ID");
        Assert.True(ProcessFacts.IsAlive(untracked), "the process that cleared RUNNER_TRACKING_ID outlives the job");
        var log = string.Concat(host.WorkerLogs().Select(File.ReadAllText));
        Assert.Contains($"Terminate orphan process: pid ({tracked.Pid}) (sleep)", log);
        Assert.DoesNotContain($"pid ({untracked.Pid})", log);
    }
}
