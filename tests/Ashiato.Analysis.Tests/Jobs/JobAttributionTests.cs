using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Jobs;
using Ashiato.Analysis.Tests.Detection;
using static Ashiato.Analysis.Tests.Detection.HandWrittenTrace;

namespace Ashiato.Analysis.Tests.Jobs;

/// <summary>Which step a finding is filed under, on hand-written traces for cases a run cannot stage on demand.</summary>
[Trait("Category", "unit")]
public sealed class JobAttributionTests
{
    private const string JobId = "200-1796316400000";

    /// <summary>A worker (200, step 0) with a run step (300, step 1) and an action (400, step 2).</summary>
    private static readonly string[] Job =
    [
        InStep(Exec(0, 200, 100, "/home/runner/actions-runner/bin/Runner.Worker", "/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", "1", "2"), JobId, 0),
        RunnerJob(1, JobId, 200),
        StepRecord(1, JobId, 1, "run", 300, "\"name\":\"__run\""),
        InStep(Exec(1, 300, 200, "/usr/bin/bash", "bash", "-e", "/home/runner/work/_temp/step.sh"), JobId, 1),
        StepRecord(2, JobId, 2, "action", 400, "\"name\":\"lint\",\"action\":\"octo-org/lint@v1\""),
        InStep(Exec(2, 400, 200, "/home/runner/actions-runner/externals/node20/bin/node", "node", "/home/runner/work/_actions/octo-org/lint/v1/index.js"), JobId, 2),
    ];

    private static async Task<IReadOnlyList<Finding>> FindingsAsync(params string[] lines)
    {
        using var trace = new HandWrittenTrace([.. Job, .. lines]);
        return (await DetectionEngine.BuiltIn().RunAsync(trace.Path)).Findings;
    }

    [Fact]
    public async Task A_file_one_step_wrote_and_a_later_step_ran_is_filed_under_the_step_that_ran_it()
    {
        var findings = await FindingsAsync(
            InStep(Write(3, 300, 200, "bash", "/home/runner/work/app/app/tool.js", 10), JobId, 1),
            InStep(Exec(4, 410, 400, "/home/runner/actions-runner/externals/node20/bin/node", "node", "/home/runner/work/app/app/tool.js"), JobId, 2));

        var finding = Assert.Single(findings, f => f.RuleId == "written-then-executed");
        Assert.Equal((2, "octo-org/lint@v1"), (finding.Step?.Number, finding.Step?.Action));
    }

    [Fact]
    public async Task A_process_the_worker_forked_is_in_its_new_step_before_it_execs()
    {
        // The fork runs the worker's image (step 0), but the kernel put it in a new step at fork.
        var findings = await FindingsAsync(
            StepRecord(5, JobId, 3, "run", 500),
            InStep(Fork(5, 500, 200, "Runner.Worker"), JobId, 3),
            InStep(Open(6, 500, 200, "/proc/200/mem"), JobId, 3));

        var finding = Assert.Single(findings, f => f.RuleId == "runner-memory-read");
        Assert.Equal((3, "run", (string?)null), (finding.Step?.Number, finding.Step?.Kind, finding.Step?.Name));
        Assert.Equal($"step 3 (run) of job {JobId}", finding.Step!.Describe());
    }

    [Fact]
    public async Task A_step_without_a_step_record_is_still_named_by_its_number()
    {
        var findings = await FindingsAsync(
            InStep(Exec(7, 600, 200, "/usr/bin/cat", "cat", "/proc/200/mem"), JobId, 9),
            InStep(Open(7, 600, 200, "/proc/200/mem"), JobId, 9),
            // The runner reads its steps' environments itself (an owner in the catalog); the password hashes it may not.
            InStep(Open(8, 200, 100, "/etc/shadow"), JobId, 0));

        var worker = Assert.Single(findings, f => f.Summary.Contains("/proc/200/mem", StringComparison.Ordinal));
        Assert.Equal($"step 9 (unknown) of job {JobId}", worker.Step!.Describe());
        Assert.Equal(("build", "octo-org/octo-repo"), (worker.Step.WorkflowJob, worker.Step.Repository));
        var runner = Assert.Single(findings, f => f.Summary.Contains("/etc/shadow", StringComparison.Ordinal));
        Assert.Equal($"step 0 (runner) of job {JobId}", runner.Step!.Describe());
    }

    [Fact]
    public async Task A_finding_outside_any_job_has_no_step()
    {
        var findings = await FindingsAsync(Open(9, 700, 1, "/proc/200/mem"));

        Assert.Null(Assert.Single(findings).Step);
    }

    [Theory]
    [InlineData(3, "action", "changed-files", "evil-org/changed-files@v45", null, "evil-org/changed-files@v45")]
    [InlineData(2, "run", "__run_2", null, "/w/_temp/a.sh", "run __run_2")]
    [InlineData(1, "hook", null, null, "/opt/hooks/job-started.sh", "hook job-started.sh")]
    [InlineData(4, "composite", null, null, null, "composite")]
    [InlineData(0, "runner", null, null, "/usr/bin/tar", "runner")]
    [InlineData(0, null, null, null, null, "runner")]
    [InlineData(5, null, null, null, null, "unknown")]
    public void A_step_is_labelled_by_its_action_else_its_kind_and_name(int number, string? kind, string? name, string? action, string? script, string label)
    {
        var step = new JobStep("1-2", number, kind, name, action, script, null, null, null);

        Assert.Equal(label, step.Label);
    }

    [Fact]
    public void An_actions_repository_and_ref_split_at_the_first_at_sign()
    {
        var step = new JobStep("1-2", 3, "action", null, "evil-org/changed-files@v45", null, null, null, null);

        Assert.Equal(("evil-org/changed-files", "v45"), (step.ActionRepository, step.ActionRef));
        var odd = step with { Action = "octo-org/x@feature@2" };
        Assert.Equal(("octo-org/x", "feature@2"), (odd.ActionRepository, odd.ActionRef));
        var run = step with { Kind = "run", Action = null };
        Assert.Null(run.ActionRepository);
        Assert.Null(run.ActionRef);
    }
}
