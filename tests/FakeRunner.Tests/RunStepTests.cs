using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FakeRunner.Protocol;
using FakeRunner.Support;

namespace FakeRunner.Tests;

[Trait("Category", "kernel")]
public sealed class RunStepsScenario() : ScenarioRun("run-steps");

/// <summary><c>run:</c> steps in both shell forms, and hashFiles, on the fake runner: the tree, argv, cwd and environment of the real one.</summary>
[Trait("Category", "kernel")]
public sealed partial class RunStepTests(RunStepsScenario run) : IClassFixture<RunStepsScenario>
{
    private static readonly string[] StepProbes = ["default-shell", "bash-shell", "hashed-env"];

    [Fact]
    public void The_job_succeeds()
    {
        Assert.Equal(TaskResult.Succeeded, run.Result.Result);
        Assert.Equal(TaskResults.ToReturnCode(TaskResult.Succeeded), run.Result.WorkerExitCode);
        Assert.Equal(0, run.Listener.ExitCode);
    }

    [Fact]
    public void Steps_are_children_of_the_worker_and_the_worker_of_the_listener()
    {
        foreach (var name in StepProbes)
        {
            var probe = run.Probes[name];
            var worker = probe.Parent;
            Assert.Equal(run.Result.WorkerPid, worker.Pid);
            Assert.Equal("Runner.Worker", worker.Comm);
            Assert.Equal(run.Layout.WorkerExecutable, worker.Exe);
            Assert.Equal(run.Layout.Bin, worker.Cwd);
            Assert.Equal(4, worker.Argv.Count);
            Assert.Equal([run.Layout.WorkerExecutable, "spawnclient"], worker.Argv.Take(2));
            Assert.All(worker.Argv.Skip(2), fd => Assert.Matches("^[0-9]+$", fd));

            var listener = probe.Grandparent;
            Assert.Equal(run.Listener.Pid, listener.Pid);
            Assert.Equal("Runner.Listener", listener.Comm);
            Assert.Equal(run.Layout.ListenerExecutable, listener.Exe);
            Assert.Equal([run.Layout.ListenerExecutable, "run"], listener.Argv);
            Assert.Equal(run.Layout.Root, listener.Cwd);
        }
    }

    [Fact]
    public void The_worker_inherits_the_listener_environment_with_the_runner_env_file()
    {
        var worker = run.Probes["default-shell"].Parent.Environment;
        var listener = run.Probes["default-shell"].Grandparent.Environment;
        Assert.Equal(FakeRunnerHost.ServicePath, listener["PATH"]);
        Assert.False(listener.ContainsKey("LANG"), "the listener's own environment comes from its service, .env is loaded inside it");
        Assert.Equal("C.UTF-8", worker["LANG"]);
        Assert.Equal(run.Host.ProbeDirectory, worker[FakeRunnerHost.ProbesVariable]);
        Assert.Equal(FakeRunnerHost.ServicePath, worker["PATH"]);
        Assert.False(worker.ContainsKey("RUNNER_TRACKING_ID"), "the worker sets it for its children after it started");
    }

    [Fact]
    public void Run_steps_have_the_real_argv_and_working_directory()
    {
        var bash = OnServicePath.Find("bash");
        var defaultShell = run.Probes["default-shell"].Self;
        Assert.Equal(3, defaultShell.Argv.Count);
        Assert.Equal([bash, "-e"], defaultShell.Argv.Take(2));
        AssertTempScript(defaultShell.Argv[2], "probe default-shell");

        var bashShell = run.Probes["bash-shell"].Self;
        Assert.Equal(7, bashShell.Argv.Count);
        Assert.Equal([bash, "--noprofile", "--norc", "-e", "-o", "pipefail"], bashShell.Argv.Take(6));
        AssertTempScript(bashShell.Argv[6], "probe bash-shell");

        foreach (var name in StepProbes)
        {
            var step = run.Probes[name].Self;
            Assert.Equal("bash", step.Comm);
            Assert.Equal(bash, step.Exe);
            Assert.Equal(run.Workspace, step.Cwd);
            Assert.Equal(Path.Combine(run.Layout.Work, "octo-repo", "octo-repo"), step.Cwd);
        }
    }

    [Fact]
    public void Step_environment_names_the_job_the_step_and_the_runner()
    {
        var trackingId = run.Probes.TrackingId;
        Assert.Matches("^github_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", trackingId);
        var expectedNames = new Dictionary<string, string> { ["default-shell"] = "__run", ["bash-shell"] = "__run_2", ["hashed-env"] = "keyed" };
        var fileCommandGuids = new HashSet<string>();
        foreach (var (probe, contextName) in expectedNames)
        {
            var environment = run.Probes[probe].Self.Environment;
            Assert.Equal(contextName, environment["GITHUB_ACTION"]);
            Assert.Equal(string.Empty, environment["GITHUB_ACTION_REPOSITORY"]);
            Assert.Equal(string.Empty, environment["GITHUB_ACTION_REF"]);
            Assert.False(environment.ContainsKey("GITHUB_ACTION_PATH"));
            Assert.Equal("build", environment["GITHUB_JOB"]);
            Assert.Equal(run.Job.Run.RunId, environment["GITHUB_RUN_ID"]);
            Assert.Equal("1", environment["GITHUB_RUN_ATTEMPT"]);
            Assert.Equal("octo-org/octo-repo", environment["GITHUB_REPOSITORY"]);
            Assert.Equal("octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main", environment["GITHUB_WORKFLOW_REF"]);
            Assert.Equal("fake-runner-1", environment["RUNNER_NAME"]);
            Assert.Equal(trackingId, environment["RUNNER_TRACKING_ID"]);
            Assert.Equal("true", environment["CI"]);
            Assert.Equal("true", environment["GITHUB_ACTIONS"]);
            Assert.Equal(run.Workspace, environment["GITHUB_WORKSPACE"]);
            Assert.Equal(run.Layout.Temp, environment["RUNNER_TEMP"]);
            Assert.Equal(run.Job.Secrets["GITHUB_TOKEN"], environment["GITHUB_TOKEN"]);
            Assert.StartsWith("ghs_", environment["GITHUB_TOKEN"]);

            var guids = new[] { ("GITHUB_OUTPUT", "set_output_"), ("GITHUB_ENV", "set_env_"), ("GITHUB_PATH", "add_path_"), ("GITHUB_STATE", "save_state_"), ("GITHUB_STEP_SUMMARY", "step_summary_") }
                .Select(file =>
                {
                    var path = environment[file.Item1];
                    Assert.Equal(run.Layout.FileCommands, Path.GetDirectoryName(path));
                    Assert.StartsWith(file.Item2, Path.GetFileName(path));
                    Assert.True(File.Exists(path), path);
                    return Path.GetFileName(path)[file.Item2.Length..];
                })
                .Distinct()
                .ToList();
            Assert.Single(guids);
            Assert.Matches("^[0-9a-f-]{36}$", guids[0]);
            Assert.True(fileCommandGuids.Add(guids[0]), "each step has its own file commands");
        }
    }

    [Fact]
    public void HashFiles_runs_the_runner_node_on_bin_hashFiles_as_a_worker_child_outside_any_step()
    {
        var hashFiles = Assert.Single(run.Probes.All, probe => probe.Name.StartsWith("hashFiles-", StringComparison.Ordinal));
        Assert.Equal([run.Layout.Node, run.Layout.HashFiles], hashFiles.Self.Argv);
        Assert.Equal(run.Layout.Node, hashFiles.Self.Exe);
        Assert.Equal(Path.Combine(run.Layout.Root, "externals", "node20", "bin", "node"), hashFiles.Self.Exe);
        Assert.Equal(run.Result.WorkerPid, hashFiles.Parent.Pid);
        Assert.Equal(run.Workspace, hashFiles.Self.Cwd);
        Assert.Equal("**/*.lock", hashFiles.Self.Environment["patterns"]);
        Assert.Equal(run.Probes.TrackingId, hashFiles.Self.Environment["RUNNER_TRACKING_ID"]);
        Assert.False(hashFiles.Self.Environment.ContainsKey("GITHUB_ACTION"), "housekeeping is not a step");
        Assert.True(hashFiles.Time < run.Probes["hashed-env"].Time, "hashFiles is evaluated before the step that uses it starts");

        var lockFile = File.ReadAllBytes(Path.Combine(run.Workspace, "deps.lock"));
        var expected = Convert.ToHexStringLower(SHA256.HashData(SHA256.HashData(lockFile)));
        Assert.Equal($"deps-{expected}", run.Probes["hashed-env"].Self.Environment["CACHE_KEY"]);
    }

    [Fact]
    public void The_worker_log_has_the_real_name_and_line_format_and_masks_secrets()
    {
        var log = Assert.Single(run.Host.WorkerLogs());
        Assert.Matches("^Worker_[0-9]{8}-[0-9]{6}-utc\\.log$", Path.GetFileName(log));
        var lines = File.ReadAllLines(log);
        Assert.Matches(DiagLine(), lines[0]);
        var entries = run.WorkerLogEntries;
        Assert.All(entries.Where(entry => entry.Message.Contains('\n')), entry => Assert.StartsWith("Job message:", entry.Message));
        Assert.Equal(lines.Count(line => DiagLine().IsMatch(line)), entries.Count);

        var text = run.WorkerLogText;
        Assert.DoesNotContain(run.Job.Secrets["GITHUB_TOKEN"], text);
        Assert.DoesNotContain(run.Job.Secrets["ACTIONS_RUNTIME_TOKEN"], text);
        var jobMessage = Assert.Single(entries, entry => entry.Message.StartsWith("Job message:", StringComparison.Ordinal));
        Assert.Contains("\"GITHUB_TOKEN\": \"***\"", jobMessage.Message);
        Assert.Contains(entries, entry => entry is { Source: "StepsRunner", Message: "Processing step: DisplayName='Bash with pipefail'" });

        var started = WorkerLog.StartedProcesses(entries);
        foreach (var name in StepProbes)
        {
            var step = run.Probes[name].Self;
            var logged = Assert.Single(started, process => process.Pid == step.Pid);
            Assert.Equal(step.Argv[0], logged.FileName);
            Assert.Equal(step.Cwd, logged.WorkingDirectory);
            Assert.EndsWith($"\"{step.Argv[^1]}\"", logged.Arguments);
        }
    }

    [Fact]
    public void The_runner_root_is_laid_out_as_a_real_one()
    {
        var layout = run.Layout;
        foreach (var executable in new[] { layout.ListenerExecutable, layout.WorkerExecutable, layout.Node })
        {
            using var file = File.OpenRead(executable);
            var magic = new byte[4];
            file.ReadExactly(magic);
            Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, magic);
        }
        Assert.True(File.Exists(Path.Combine(layout.HashFiles, "index.js")));
        var settings = File.ReadAllBytes(layout.SettingsFile);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, settings.Take(3));
        Assert.Equal("fake-runner-1", RunnerSettings.Load(layout.SettingsFile).AgentName);
        Assert.True(File.Exists(layout.CredentialsFile));
        Assert.True(File.Exists(layout.RsaParametersFile));
        Assert.Equal(FakeRunnerHost.ServicePath, File.ReadAllText(layout.PathFile).Trim());
        Assert.Contains($"{FakeRunnerHost.ProbesVariable}={run.Host.ProbeDirectory}", File.ReadAllLines(layout.EnvFile));
        Assert.Single(Directory.GetFiles(layout.Diag, "Runner_*-utc.log"));
        Assert.True(File.Exists(layout.WorkflowEventFile));
        Assert.True(Directory.Exists(layout.Temp));
        Assert.True(Directory.Exists(layout.Actions));
    }

    [Fact]
    public void The_runner_node_runs_from_externals()
    {
        var version = CommandLine.Run(run.Layout.Node, "-p", "process.version + ' ' + process.execPath");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches("^v20\\.", version.Output);
        Assert.EndsWith($" {run.Layout.Node}", version.Output.Trim());
    }

    private void AssertTempScript(string path, string expectedLine)
    {
        Assert.Equal(run.Layout.Temp, Path.GetDirectoryName(path));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.sh$", Path.GetFileName(path));
        Assert.Contains(expectedLine, File.ReadAllLines(path));
    }

    [GeneratedRegex(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ (INFO|WARN|ERR |VERB) [A-Za-z.]+\] ")]
    private static partial Regex DiagLine();
}
