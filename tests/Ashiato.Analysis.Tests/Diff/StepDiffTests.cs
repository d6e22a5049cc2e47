using System.Text.Json;
using Ashiato.Analysis.Diff;
using Ashiato.Analysis.Jobs;
using Ashiato.Analysis.Output;
using Ashiato.Analysis.Tests.Detection;
using Ashiato.Analysis.Tests.Support;
using static Ashiato.Analysis.Tests.Detection.HandWrittenTrace;

namespace Ashiato.Analysis.Tests.Diff;

/// <summary>The diff per step of a GitHub Actions job: which step's or action's behaviour changed.</summary>
[Trait("Category", "kernel")]
public sealed class StepDiffTests
{
    /// <summary>The pids and job id of one run: every run has its own.</summary>
    private sealed record RunIds(int Worker)
    {
        public string JobId => $"{Worker}-17963164{Worker}";

        public int Lint => Worker + 3;
    }

    /// <summary>
    /// One run of a job: the worker, a run step <c>__run</c> that fetches from github.com, and <c>octo-org/lint</c> at
    /// <paramref name="lintRef"/> that reads its config, then what <paramref name="more"/> adds; each run has its own
    /// pids, job id and temp script name.
    /// </summary>
    private static List<string> Run(int worker, string lintRef, Func<RunIds, IEnumerable<string>>? more = null)
    {
        var ids = new RunIds(worker);
        var job = ids.JobId;
        var script = $"/home/runner/work/_temp/{Guid.NewGuid()}.sh";
        return
        [
            InStep(Exec(0, worker, 100, "/home/runner/actions-runner/bin/Runner.Worker", "/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", "1", "2"), job, 0),
            RunnerJob(1, job, worker),
            StepRecord(1, job, 1, "run", worker + 1, $"\"name\":\"__run\",\"script\":\"{script}\",\"script_sha256\":\"aaaa\""),
            InStep(Exec(1, worker + 1, worker, "/usr/bin/bash", "bash", "-e", script), job, 1),
            InStep(Exec(2, worker + 2, worker + 1, "/usr/bin/git", "git", "fetch"), job, 1),
            InStep(Connect(2, worker + 2, worker + 1, "git", "140.82.112.3", 443, "github.com"), job, 1),
            StepRecord(3, job, 2, "action", ids.Lint, $"\"name\":\"lint\",\"action\":\"octo-org/lint@{lintRef}\""),
            InStep(Exec(3, ids.Lint, worker, "/home/runner/actions-runner/externals/node20/bin/node", "node", $"/home/runner/work/_actions/octo-org/lint/{lintRef}/index.js"), job, 2),
            InStep(Open(4, ids.Lint, worker, "/home/runner/work/app/app/.eslintrc"), job, 2),
            .. more?.Invoke(ids) ?? [],
        ];
    }

    private static async Task<DiffReport> DiffAsync(IReadOnlyList<string> baseline, IReadOnlyList<string> current)
    {
        using var before = new HandWrittenTrace(baseline);
        using var now = new HandWrittenTrace(current);
        return await BaselineDiff.ComputeAsync([before.Path], now.Path);
    }

    private static IEnumerable<string> Keys(IReadOnlyList<NewBehaviour> news, DiffCategory category) =>
        news.SingleOrDefault(n => n.Category == category)?.Items.Select(i => i.Key) ?? [];

    [Fact]
    public async Task Two_runs_of_the_same_job_with_their_own_pids_job_ids_and_scripts_diff_clean()
    {
        var report = await DiffAsync(Run(1000, "v1"), Run(2000, "v1"));

        Assert.False(report.HasNew, string.Join(", ", report.Steps.Select(s => s.Key)));
        Assert.Empty(report.Steps);
    }

    [Fact]
    public async Task An_action_that_now_reaches_a_host_another_step_used_is_new_for_that_action()
    {
        // github.com is not new to the run (the run step fetched from it), but it is new for the lint action.
        var report = await DiffAsync(Run(1000, "v1"), Run(2000, "v1", run =>
            [InStep(Connect(5, run.Lint, run.Worker, "node", "140.82.112.3", 443, "github.com"), run.JobId, 2)]));

        Assert.Empty(report.New);
        var lint = Assert.Single(report.Steps);
        Assert.Equal(("build: action octo-org/lint", false, false), (lint.Key, lint.NewStep, lint.RefChanged));
        Assert.Equal(["github.com"], Keys(lint.New, DiffCategory.Hosts));
        Assert.Equal((2, "octo-org/lint@v1"), (lint.Current.Steps.Single().Number, lint.Current.Steps.Single().Action));
        Assert.True(report.HasNew);
    }

    [Fact]
    public async Task A_bumped_action_is_compared_with_its_earlier_version_and_shows_the_ref_change()
    {
        var report = await DiffAsync(Run(1000, "v1"), Run(2000, "v2", run =>
            [InStep(Open(5, run.Lint, run.Worker, $"/proc/{run.Worker}/mem"), run.JobId, 2)]));

        var lint = Assert.Single(report.Steps);
        Assert.True(lint.RefChanged);
        Assert.Equal(["v2"], lint.Current.Refs);
        Assert.Equal(["v1"], lint.BaselineRefs);
        Assert.Equal(["/proc/<pid>/mem"], Keys(lint.New, DiffCategory.SensitiveReads));
        Assert.Single(lint.New);
    }

    [Fact]
    public async Task A_step_no_baseline_ran_is_new_with_everything_it_did()
    {
        var report = await DiffAsync(Run(1000, "v1"), Run(2000, "v1", run =>
        [
            StepRecord(6, run.JobId, 3, "action", 2009, "\"name\":\"changed-files\",\"action\":\"evil-org/changed-files@v45\""),
            InStep(Exec(6, 2009, run.Worker, "/home/runner/actions-runner/externals/node20/bin/node", "node", "/home/runner/work/_actions/evil-org/changed-files/v45/dist/index.js"), run.JobId, 3),
            InStep(Connect(7, 2009, run.Worker, "node", "203.0.113.7", 443, "evil.example.net"), run.JobId, 3),
        ]));

        var evil = Assert.Single(report.Steps);
        Assert.Equal(("build: action evil-org/changed-files", true), (evil.Key, evil.NewStep));
        Assert.Equal(["evil.example.net"], Keys(evil.New, DiffCategory.Hosts));
        Assert.Equal(["/home/runner/actions-runner/externals/node20/bin/node"], Keys(evil.New, DiffCategory.Executables));
        Assert.Equal(["evil.example.net"], Keys(report.New, DiffCategory.Hosts));
    }

    [Fact]
    public async Task A_run_step_is_the_same_step_by_name_and_a_changed_script_is_shown()
    {
        var current = Run(2000, "v1", run => [InStep(Exec(5, 2010, run.Worker + 1, "/usr/bin/curl", "curl", "https://example.org/"), run.JobId, 1)])
            .Select(l => l.Replace("\"script_sha256\":\"aaaa\"", "\"script_sha256\":\"bbbb\"", StringComparison.Ordinal)).ToList();

        var report = await DiffAsync(Run(1000, "v1"), current);

        var run = Assert.Single(report.Steps);
        Assert.Equal(("build: run __run", true, false), (run.Key, run.ScriptChanged, run.NewStep));
        Assert.Equal(["/usr/bin/curl"], Keys(run.New, DiffCategory.Executables));
    }

    [Fact]
    public async Task Text_and_json_say_which_step_changed()
    {
        using var before = new HandWrittenTrace(Run(1000, "v1"));
        using var now = new HandWrittenTrace(Run(2000, "v2", run => [InStep(Connect(5, run.Lint, run.Worker, "node", "203.0.113.7", 443, "evil.example.net"), run.JobId, 2)]));

        var text = await Tracing.CliAsync("diff", "--baseline", before.Path, now.Path, "--fail-on-new");
        var json = await Tracing.CliAsync("diff", "--baseline", before.Path, now.Path, "--format", "json");

        Assert.Equal(1, text.ExitCode);
        var lines = text.Stdout.Split('\n');
        Assert.Contains("New by step, compared with the same step in 1 baseline:", lines);
        Assert.Contains("  step 2 (octo-org/lint@v2) of job 2000-179631642000: ref v2, baselines ran v1", lines);
        Assert.Contains(lines, l => l.StartsWith("      + evil.example.net  (pid 2003 node, first ", StringComparison.Ordinal));
        using var report = JsonDocument.Parse(json.Stdout);
        var step = Assert.Single(report.RootElement.GetProperty("steps").EnumerateArray());
        Assert.Equal(("build: action octo-org/lint", "2000-179631642000", "octo-org/lint@v2", "octo-org/lint@v2", false),
            (step.Str("key"), step.Str("job_id"), step.Str("action"), step.Str("label"), step.GetProperty("new_step").GetBoolean()));
        Assert.Equal([2], step.GetProperty("steps").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(["v1"], step.GetProperty("baseline_refs").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("evil.example.net", step.GetProperty("new").GetProperty("hosts")[0].Str("key"));
    }

    [Fact]
    public async Task A_diff_of_traces_without_jobs_has_no_steps()
    {
        using var before = new HandWrittenTrace([Exec(0, 10, 1, "/usr/bin/make", "make")]);
        using var now = new HandWrittenTrace([Exec(0, 10, 1, "/usr/bin/make", "make"), Exec(1, 11, 10, "/usr/bin/curl", "curl")]);

        var report = await BaselineDiff.ComputeAsync([before.Path], now.Path);
        using var json = new MemoryStream();
        DiffJsonWriter.Write(report, json);
        var text = new StringWriter();
        DiffTextWriter.Write(report, text, TerminalStyle.Plain);

        Assert.Empty(report.Steps);
        Assert.Equal(0, JsonDocument.Parse(json.ToArray()).RootElement.GetProperty("steps").GetArrayLength());
        Assert.DoesNotContain("step", text.ToString());
        Assert.EndsWith("1 new item.\n", text.ToString().ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(2, "action", "changed-files", "evil-org/changed-files@v45", null, null, "build", "build: action evil-org/changed-files")]
    [InlineData(4, "composite", "__run", "octo-org/composite-build@v1", null, null, null, "action octo-org/composite-build")]
    [InlineData(1, "run", "__run_2", null, "/w/_temp/1.sh", "abc", "build", "build: run __run_2")]
    [InlineData(1, "run", null, null, "/w/_temp/1.sh", "abc", null, "run script abc")]
    [InlineData(1, "hook", null, null, "/opt/hooks/job-started.sh", "abc", null, "hook job-started.sh")]
    [InlineData(0, "runner", null, null, "/usr/bin/tar", null, "build", "build: runner")]
    [InlineData(7, null, null, null, null, null, null, "step 7")]
    public void A_step_is_keyed_by_its_action_without_ref_else_its_name(
        int number, string? kind, string? name, string? action, string? script, string? hash, string? workflowJob, string key)
    {
        Assert.Equal(key, StepKeys.Of(new JobStep("1-2", number, kind, name, action, script, hash, workflowJob, null)));
    }
}
