using System.Globalization;
using System.Text.Json;
using Ashiato.Tracer.Tests.Support;
using Ashiato.Tracer.Tests.Support.Runners;
using FakeRunner.Protocol;
using FakeRunner.Support;

namespace Ashiato.Tracer.Tests.EndToEnd.Jobs;

/// <summary>
/// One trace of five fake runners at once, shared by the golden tests: run steps in both shell forms, JavaScript
/// actions with pre and post, a composite action, hooks and a change of user in one job; background steps and setsid
/// escapes in a second, on another runner, with a JavaScript hook, the two jobs meeting at a rendezvous; a cancelled
/// step; a worker killed with orphans left behind; and a step whose environment is too large to read. Running them
/// together keeps the suite fast and puts jobs side by side in one trace, where any record that crosses between jobs
/// shows. Each runner has its own name and run id, so a job's metadata cannot come from another.
/// </summary>
public sealed class GoldenRunners : IDisposable
{
    /// <summary>The unreadable-env runner's .env holds this many padding variables of 100 KiB: past the kernel's 1 MiB scan.</summary>
    private const int EnvPaddingVariables = 11;

    /// <summary>A step that changes user (as sudo does) and double-forks a daemon: both stay in it.</summary>
    public const string PrivilegedStep = "privileged";

    /// <summary>The uid the privileged step's program runs as (nobody).</summary>
    public const int NobodyUid = 65534;

    private const string PrivilegedScript = "runuser -u nobody -- /bin/cat /etc/hostname >/dev/null\n( ( exec /bin/cat /etc/os-release >/dev/null ) & )\nsleep 0.2\n";

    private readonly List<FakeRunnerHost> _hosts = [];
    private readonly Dictionary<string, TracedJob> _jobs = [];
    private readonly string _sharedProbes = Directory.CreateTempSubdirectory("ashiato-jobs-probes-").FullName;
    private RunningTracer? _tracer;

    public GoldenRunners()
    {
        try
        {
            Records = Run();
        }
        catch
        {
            Dispose(); // xunit does not dispose a fixture that failed to build: end the runners' processes here
            throw;
        }
    }

    public IReadOnlyList<JsonElement> Records { get; }

    public IReadOnlyCollection<TracedJob> All => _jobs.Values;

    public TracedJob this[string key] => _jobs[key];

    public void Dispose()
    {
        _tracer?.Dispose();
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
        Directory.Delete(_sharedProbes, recursive: true);
    }

    private IReadOnlyList<JsonElement> Run()
    {
        var pending = new Dictionary<string, (FakeRunnerHost Host, JobMessage Job, ExpectedStep[] Expected)>();
        void Add(string key, FakeRunnerOptions options, JobMessage job, params ExpectedStep[] expected)
        {
            var host = FakeRunnerHost.Create(options with { RunnerName = $"golden-{key}" });
            _hosts.Add(host);
            var runId = (3000 + pending.Count).ToString(CultureInfo.InvariantCulture);
            var queued = host.Enqueue(job with { JobName = $"job-{key}", Run = job.Run with { RunId = runId, RunAttempt = "2" } });
            host.RequestShutdown();
            pending[key] = (host, queued, expected);
        }

        // Two runners that meet at a rendezvous in their first main step, so their jobs surely run at once.
        var meeting = new FakeRunnerOptions { ProbeDirectory = _sharedProbes };
        var mixed = Merge("rendezvous", "run-steps", "javascript-actions", "composite");
        Add("mixed", meeting with { Hooks = true }, mixed with { Steps = [.. mixed.Steps, new RunStep { Id = PrivilegedStep, Run = PrivilegedScript }] },
        [
            .. ExpectedStep.Download, .. ExpectedStep.Download, .. ExpectedStep.Download, // setup-thing, cache-thing, composite-build
            ExpectedStep.Hook,
            ExpectedStep.JavaScript("__octo-org_setup-thing", "octo-org/setup-thing@v2"), // pre
            ExpectedStep.Run("__run"), // the rendezvous
            ExpectedStep.Run("__run_2"), // default shell
            ExpectedStep.Run("__run_3"), // bash with pipefail
            ExpectedStep.Runner, // hashFiles for the next step's env
            ExpectedStep.Run("keyed"),
            ExpectedStep.JavaScript("__octo-org_setup-thing", "octo-org/setup-thing@v2"), // main
            ExpectedStep.JavaScript("cache", "octo-org/cache-thing@v1"),
            ExpectedStep.Run("__run_4"),
            ExpectedStep.Composite("__run", "octo-org/composite-build@v1"), // a composite's steps are named within it
            ExpectedStep.Composite("__run_2", "octo-org/composite-build@v1"),
            ExpectedStep.Run("__run_5"),
            ExpectedStep.Run(PrivilegedStep),
            ExpectedStep.JavaScript("cache", "octo-org/cache-thing@v1"), // posts, last in first out
            ExpectedStep.JavaScript("__octo-org_setup-thing", "octo-org/setup-thing@v2"),
            ExpectedStep.Hook,
        ]);
        // A job-started hook written in JavaScript: the runner's node on a file outside the runner and its actions.
        var javaScriptHook = Path.Combine(_sharedProbes, "job-started.js");
        File.WriteAllText(javaScriptHook, "require(require('path').join(process.env.FAKE_RUNNER_PROBES, 'probe.js'))('js-hook');\n");
        Add("background", meeting with { Environment = new Dictionary<string, string> { ["ACTIONS_RUNNER_HOOK_JOB_STARTED"] = javaScriptHook } },
            Merge("rendezvous", "background", "setsid-escape"),
            ExpectedStep.Hook, ExpectedStep.Run("__run"), ExpectedStep.Run("server"), ExpectedStep.Run("client"), ExpectedStep.Run("__run_2"),
            ExpectedStep.Run("__run_3"), ExpectedStep.Run("__run_4"));
        // Long enough for the step's traps to run on a loaded machine before the next signal comes.
        Add("cancel", new FakeRunnerOptions { Timeouts = FakeRunnerOptions.FastTimeouts with { SigintMilliseconds = 1000, SigtermMilliseconds = 1000 } },
            Scenarios.Load("cancel"), ExpectedStep.Run("__run"));
        Add("killed-worker", new FakeRunnerOptions { Timeouts = FakeRunnerOptions.FastTimeouts with { SigintMilliseconds = 60_000, JobCancelMilliseconds = 500 } },
            Scenarios.Load("killed-worker"), ExpectedStep.Run("__run"));
        // The runner's .env comes first in every step's environment, so the step's identity variables lie past the
        // kernel's scan bound: the step is known by its command line alone.
        Add("unreadable-env", new FakeRunnerOptions { Environment = Padding() },
            Scenarios.WithSteps(new RunStep { Id = "padded", Run = Scenarios.SourceProbes + "probe padded" }), new ExpectedStep(Ashiato.Events.StepKind.Run));

        // The traced launcher waits for this file after its listeners exit: the test decides when the trace ends.
        var stopFile = Path.Combine(_sharedProbes, "stop-tracing");
        _tracer = RunningTracer.Start(["--", .. ListenerLaunch.Fleet(_hosts, stopFile)]);

        // Cancel the two jobs that wait for it, as a user would, once their steps run.
        var cancel = pending["cancel"];
        cancel.Host.WaitForProbe("stubborn");
        cancel.Host.WaitForProbe("stubborn-child");
        cancel.Host.Cancel(cancel.Job);
        var killed = pending["killed-worker"];
        killed.Host.WaitForProbe("ignores-signals");
        killed.Host.WaitForProbe("daemon");
        killed.Host.Cancel(killed.Job);

        foreach (var (key, (host, job, expected)) in pending)
        {
            var result = host.WaitForResult(job);
            _jobs[key] = new TracedJob(host, job, result, WorkerGroundTruth.Of(host, result.WorkerPid, expected));
        }

        // The killed worker's step lives on (it ignores SIGINT and SIGTERM and loops on sleep): wait until the trace
        // shows it starting a program after its worker is gone, then end the trace.
        var orphanedStep = _jobs["killed-worker"].Truth.Step(1).Pid;
        var workerGone = _jobs["killed-worker"].Result.FinishedAt;
        _tracer.WaitForLine(
            $"\"ppid\":{orphanedStep},",
            r => r.Str("type") == "process_exec" && r.Int("ppid") == orphanedStep && DateTimeOffset.Parse(r.Str("timestamp")!, CultureInfo.InvariantCulture) > workerGone,
            "a program started by the killed worker's orphaned step");
        File.WriteAllText(stopFile, string.Empty);
        return _tracer.WaitForExit();
    }

    /// <summary>One job that runs the steps of several scenarios, one after the other (their probes have distinct names).</summary>
    private static JobMessage Merge(params string[] scenarios) =>
        Scenarios.Load(scenarios[0]) with { Steps = [.. scenarios.SelectMany(name => Scenarios.Load(name).Steps)] };

    private static Dictionary<string, string> Padding() =>
        Enumerable.Range(0, EnvPaddingVariables).ToDictionary(i => $"PAD_{i}", _ => new string('x', 100 * 1024));
}
