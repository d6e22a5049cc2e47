using FakeRunner.Protocol;
using FakeRunner.Support;

namespace FakeRunner.Tests;

[Trait("Category", "kernel")]
public sealed class JavaScriptActionsScenario() : ScenarioRun("javascript-actions", new FakeRunnerOptions { Hooks = true });

/// <summary>JavaScript actions with pre, main and post, between the job hooks.</summary>
[Trait("Category", "kernel")]
public sealed class ActionTests(JavaScriptActionsScenario run) : IClassFixture<JavaScriptActionsScenario>
{
    [Fact]
    public void Hooks_come_first_and_last_and_posts_run_last_in_first_out()
    {
        Assert.Equal(TaskResult.Succeeded, run.Result.Result);
        Assert.Equal(
            ["hook-started", "setup-thing-pre", "setup-thing-main", "cache-thing-restore", "main-run", "cache-thing-save", "setup-thing-post", "hook-completed"],
            run.Probes.All.Select(probe => probe.Name));
        Assert.All(run.Probes.All, probe => Assert.Equal(run.Result.WorkerPid, probe.Parent.Pid));
    }

    [Fact]
    public void Hooks_run_as_bash_e_with_the_job_context_but_no_step_identity()
    {
        var bash = OnServicePath.Find("bash");
        foreach (var (probe, path) in new[] { ("hook-started", run.Host.JobStartedHook), ("hook-completed", run.Host.JobCompletedHook) })
        {
            var hook = run.Probes[probe].Self;
            Assert.Equal([bash, "-e", path], hook.Argv);
            Assert.Equal(run.Workspace, hook.Cwd);
            Assert.Equal("build", hook.Environment["GITHUB_JOB"]);
            Assert.Equal(run.Probes.TrackingId, hook.Environment["RUNNER_TRACKING_ID"]);
            Assert.True(hook.Environment.ContainsKey("GITHUB_STEP_SUMMARY"));
            Assert.False(hook.Environment.ContainsKey("GITHUB_ACTION"));
            Assert.Equal(path, hook.Environment[path == run.Host.JobStartedHook ? "ACTIONS_RUNNER_HOOK_JOB_STARTED" : "ACTIONS_RUNNER_HOOK_JOB_COMPLETED"]);
        }
    }

    [Fact]
    public void JavaScript_actions_run_on_the_runner_node_from_their_action_directory()
    {
        var setupThing = Path.Combine(run.Layout.Actions, "octo-org", "setup-thing", "v2");
        foreach (var stage in new[] { "pre", "main", "post" })
        {
            var step = run.Probes[$"setup-thing-{stage}"].Self;
            Assert.Equal([run.Layout.Node, Path.Combine(setupThing, $"{stage}.js")], step.Argv);
            Assert.Equal(run.Layout.Node, step.Exe);
            Assert.Equal("node", step.Comm);
            Assert.Equal(run.Workspace, step.Cwd);
            var environment = step.Environment;
            Assert.Equal("__octo-org_setup-thing", environment["GITHUB_ACTION"]);
            Assert.Equal("octo-org/setup-thing", environment["GITHUB_ACTION_REPOSITORY"]);
            Assert.Equal("v2", environment["GITHUB_ACTION_REF"]);
            Assert.Equal(setupThing, environment["GITHUB_ACTION_PATH"]);
            Assert.Equal("2.4.1", environment["INPUT_VERSION"]);
            Assert.Equal(run.Job.Secrets["GITHUB_TOKEN"], environment["INPUT_TOKEN"]);
            Assert.Equal(run.Job.Secrets["ACTIONS_RUNTIME_TOKEN"], environment["ACTIONS_RUNTIME_TOKEN"]);
        }

        var cache = run.Probes["cache-thing-restore"].Self;
        Assert.Equal([run.Layout.Node, Path.Combine(run.Layout.Actions, "octo-org", "cache-thing", "v1", "dist", "restore.js")], cache.Argv);
        Assert.Equal("cache", cache.Environment["GITHUB_ACTION"]);
        Assert.Equal($"deps-{run.Job.Run.Sha}", cache.Environment["INPUT_KEY"]);
        Assert.Equal("node_modules", cache.Environment["INPUT_PATH"]);
        Assert.Equal("cache", run.Probes["cache-thing-save"].Self.Environment["GITHUB_ACTION"]);
    }

    [Fact]
    public void Actions_are_downloaded_by_a_tar_child_into_actions_owner_repo_ref_with_a_watermark()
    {
        var tar = OnServicePath.Find("tar");
        var chmod = OnServicePath.Find("chmod");
        var started = WorkerLog.StartedProcesses(run.WorkerLogEntries);
        foreach (var (repo, reference) in new[] { ("setup-thing", "v2"), ("cache-thing", "v1") })
        {
            var destination = Path.Combine(run.Layout.Actions, "octo-org", repo, reference);
            Assert.True(File.Exists(Path.Combine(destination, "action.yml")));
            Assert.True(File.Exists(destination + ".completed"), "the download watermark");
            Assert.Single(started, process => process.FileName == chmod && process.Arguments == $"-R a+rX \"{destination}\"" && process.WorkingDirectory == run.Layout.Root);
        }
        var extractions = started.Where(process => process.FileName == tar).ToList();
        Assert.Equal(2, extractions.Count);
        Assert.All(extractions, extraction =>
        {
            Assert.Matches($"^-xzf \"{run.Layout.Actions}/_temp_[0-9a-f-]{{36}}/[0-9a-f-]{{36}}\\.tar\\.gz\"$", extraction.Arguments);
            Assert.Matches($"^{run.Layout.Actions}/_temp_[0-9a-f-]{{36}}/_staging$", extraction.WorkingDirectory);
        });
        Assert.Empty(Directory.GetDirectories(run.Layout.Actions, "_temp_*"));
        var order = started.ToList();
        Assert.True(order.IndexOf(extractions[^1]) < order.FindIndex(process => process.Arguments.Contains(run.Host.JobStartedHook, StringComparison.Ordinal)), "actions are downloaded before the job-started hook");
    }

    [Fact]
    public void Step_output_goes_to_the_job_pages_with_secrets_masked()
    {
        Assert.Contains("setup-thing main: version 2.4.1", run.StepOutput);
        Assert.Contains("cache-thing save: key deps-", run.StepOutput);
        Assert.Contains("version=2.4.1", File.ReadAllText(run.Probes["setup-thing-main"].Self.Environment["GITHUB_OUTPUT"]));
    }
}

[Trait("Category", "kernel")]
public sealed class CompositeScenario() : ScenarioRun("composite");

/// <summary>A composite action: its steps are more direct children of the worker, known only by GITHUB_ACTION_PATH.</summary>
[Trait("Category", "kernel")]
public sealed class CompositeTests(CompositeScenario run) : IClassFixture<CompositeScenario>
{
    [Fact]
    public void Composite_steps_are_worker_children_identified_by_the_action_path_only()
    {
        Assert.Equal(TaskResult.Succeeded, run.Result.Result);
        var bash = OnServicePath.Find("bash");
        var actionPath = Path.Combine(run.Layout.Actions, "octo-org", "composite-build", "v1");
        foreach (var name in new[] { "composite-first", "composite-second" })
        {
            var probe = run.Probes[name];
            Assert.Equal(run.Result.WorkerPid, probe.Parent.Pid);
            Assert.Equal([bash, "--noprofile", "--norc", "-e", "-o", "pipefail"], probe.Self.Argv.Take(6));
            Assert.StartsWith(run.Layout.Temp + "/", probe.Self.Argv[6]);
            Assert.Equal(run.Workspace, probe.Self.Cwd);
            var environment = probe.Self.Environment;
            Assert.Equal(actionPath, environment["GITHUB_ACTION_PATH"]);
            Assert.Equal(string.Empty, environment["GITHUB_ACTION_REPOSITORY"]);
            Assert.Equal(string.Empty, environment["GITHUB_ACTION_REF"]);
            Assert.Equal("yes", environment["FROM_OUTER_STEP"]);
        }
        Assert.Equal("__run", run.Probes["composite-first"].Self.Environment["GITHUB_ACTION"]);
        Assert.Equal("__run_2", run.Probes["composite-second"].Self.Environment["GITHUB_ACTION"]);
        Assert.Equal("release", run.Probes["composite-second"].Self.Environment["BUILD_TARGET"]);
        Assert.Contains("building release", run.StepOutput);
        Assert.Contains(run.WorkerLogEntries, entry => entry.Message == "Processing embedded step: DisplayName='Build the target'");
        Assert.True(run.Probes["composite-second"].Time < run.Probes["after-composite"].Time);
    }
}

[Trait("Category", "kernel")]
public sealed class MaliciousActionScenario() : ScenarioRun("malicious-action");

/// <summary>The tj-actions/changed-files attack on the fake runner: a JavaScript action reads its worker's memory.</summary>
[Trait("Category", "kernel")]
public sealed class MaliciousActionTests(MaliciousActionScenario run) : IClassFixture<MaliciousActionScenario>
{
    [Fact]
    public void The_action_reads_the_memory_of_its_parent_worker()
    {
        Assert.Equal(TaskResult.Succeeded, run.Result.Result);
        var dump = run.Probes["memory-dump"];
        using var extra = System.Text.Json.JsonDocument.Parse(dump.Extra!);
        var report = extra.RootElement;
        Assert.Equal(run.Result.WorkerPid, report.GetProperty("workerPid").GetInt32());
        Assert.Equal("Runner.Worker", report.GetProperty("comm").GetString());
        Assert.True(report.GetProperty("mappings").GetInt32() > 10, "the worker's /proc/<pid>/maps was read");
        Assert.Equal(64, report.GetProperty("bytesRead").GetInt32());
        Assert.Equal(run.Result.WorkerPid, dump.Parent.Pid);
        Assert.Equal([run.Layout.Node, Path.Combine(run.Layout.Actions, "evil-org", "changed-files", "v45", "dist", "index.js")], dump.Self.Argv);
        Assert.Equal("changed-files", dump.Self.Environment["GITHUB_ACTION"]);
        Assert.Equal("evil-org/changed-files", dump.Self.Environment["GITHUB_ACTION_REPOSITORY"]);
        Assert.Equal("v45", dump.Self.Environment["GITHUB_ACTION_REF"]);
        Assert.Equal("src/**", dump.Self.Environment["INPUT_FILES"]);
        Assert.Matches("(?m) [A-Za-z0-9+/=]{100,}$", run.StepOutput);
        Assert.True(run.Probes.Has("after-attack"));
    }
}

/// <summary>The attack held at a gate until the test opens it: a tracer attaches to a worker that started earlier.</summary>
[Trait("Category", "kernel")]
public sealed class GatedAttackTests
{
    [Fact]
    public void The_attack_waits_at_the_gate_while_the_worker_runs()
    {
        using var host = FakeRunnerHost.Create();
        var job = host.Enqueue("gated-malicious-action");
        host.RequestShutdown();
        host.StartListener();
        var waiting = host.WaitForProbe("at-gate");
        Assert.Equal("Runner.Worker", waiting.Parent.Comm);
        Assert.True(ProcessFacts.IsAlive(waiting.Parent), "the worker is running while the job waits");
        var opened = DateTimeOffset.UtcNow;
        host.OpenGate("attach");
        var result = host.WaitForResult(job);

        Assert.Equal(TaskResult.Succeeded, result.Result);
        Assert.Equal(waiting.Parent.Pid, result.WorkerPid);
        Assert.True(host.ProbesOf(result)["memory-dump"].Time >= opened, "the attack ran after the gate opened");
    }
}
