using System.Text.Json;
using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;
using Ashiato.Analysis.Tests.Support;

namespace Ashiato.Analysis.Tests.Jobs;

/// <summary>
/// Every finding names its GitHub Actions job, step and action: on the fake runner's malicious-action job traced by the
/// real tracer from its listener, where <c>evil-org/changed-files@v45</c> reads its worker's memory.
/// </summary>
[Collection(ScenarioCollection.Name)]
[Trait("Category", "kernel")]
public sealed class JobFindingTests(Scenarios scenarios)
{
    private const string EvilAction = "evil-org/changed-files@v45";

    private RecordedTrace Trace => scenarios.RunnerJobAttack;

    private long WorkerPid => Trace.OfType("runner_job").Single().Long("worker_pid");

    private string JobId => Trace.OfType("runner_job").Single().Str("job_id")!;

    /// <summary>The step number the tracer gave the evil action (the hook and a run step come first).</summary>
    private long EvilStep => Trace.OfType("step").Single(s => s.Str("action") == EvilAction).Long("step");

    [Fact]
    public async Task The_actions_read_of_the_workers_memory_is_high_and_names_its_step_and_action()
    {
        var attacker = scenarios.RunnerJobProbes["memory-dump"].Self.Pid;
        Assert.Equal(WorkerPid, scenarios.RunnerJobProbes["memory-dump"].Parent.Pid);

        var report = await DetectionEngine.BuiltIn().RunAsync(Trace.Path);

        var mem = Assert.Single(report.Findings, f => f.Summary == $"read /proc/{WorkerPid}/mem of Runner.Worker");
        Assert.Equal((Severity.High, "runner-memory-read", (long?)attacker), (mem.Severity, mem.RuleId, mem.Pid));
        var step = mem.Step!;
        Assert.Equal((JobId, (int)EvilStep, "action", "changed-files", EvilAction), (step.JobId, step.Number, step.Kind, step.Name, step.Action));
        Assert.Equal(("build", "octo-org/octo-repo"), (step.WorkflowJob, step.Repository));
        Assert.Equal($"step {EvilStep} ({EvilAction}) of job {JobId}", step.Describe());
        // Every finding of the trace happened inside the job, each in the step of the process that acted.
        Assert.All(report.Findings, f => Assert.Equal(JobId, f.Step?.JobId));
        Assert.Contains(report.Findings, f => f.Step!.Kind == "hook" && f.Step.Label == "hook job-started.sh");
        Assert.Contains(report.Findings, f => f.Step!.Kind == "run" && f.Step.Label == "run __run");
    }

    [Fact]
    public async Task The_runner_installing_the_action_is_not_a_file_written_then_executed()
    {
        // The worker wrote the action's index.js (step 0), and node ran it in the action's step.
        Assert.Contains(Trace.OfType("file_write"), w => w.Long("pid") == WorkerPid && w.Str("path")!.EndsWith("/changed-files/v45/dist/index.js", StringComparison.Ordinal));

        var report = await DetectionEngine.BuiltIn().RunAsync(Trace.Path);

        Assert.DoesNotContain(report.Findings, f => f.RuleId == "written-then-executed");
    }

    [Fact]
    public async Task Text_output_says_in_which_step_and_action_each_finding_happened()
    {
        var result = await Tracing.CliAsync("detect", Trace.Path);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Contains($"  HIGH runner-memory-read in step {EvilStep} ({EvilAction}) of job {JobId}: read /proc/{WorkerPid}/mem of Runner.Worker", lines);
        Assert.Contains($"      step: step {EvilStep} ({EvilAction}) of job {JobId} (build, octo-org/octo-repo)", lines);
        // The digest comes after the findings' details, before the totals.
        Assert.True(result.Stdout.IndexOf("By job and step", StringComparison.Ordinal) > result.Stdout.IndexOf("evidence:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_output_carries_the_job_step_and_action_of_each_finding()
    {
        var result = await Tracing.CliAsync("detect", Trace.Path, "--format", "json", "--fail-on", "high");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var mem = json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.Str("summary") == $"read /proc/{WorkerPid}/mem of Runner.Worker");
        Assert.Equal((JobId, EvilStep, "action", "changed-files", EvilAction, "high"),
            (mem.Str("job_id"), mem.Long("step"), mem.Str("step_kind"), mem.Str("step_name"), mem.Str("action"), mem.Str("severity")));
    }

    [Fact]
    public async Task Sarif_output_names_the_step_in_the_message_properties_and_logical_location_and_passes_the_schema()
    {
        var result = await Tracing.CliAsync("detect", Trace.Path, "--format", "sarif");

        Assert.Equal(0, result.ExitCode);
        Assert.Null(SarifSchema.Problems(result.Stdout));
        using var sarif = JsonDocument.Parse(result.Stdout);
        var mem = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("message").GetProperty("text").GetString()!.StartsWith($"read /proc/{WorkerPid}/mem ", StringComparison.Ordinal));
        Assert.Equal("error", mem.Str("level"));
        Assert.StartsWith($"read /proc/{WorkerPid}/mem of Runner.Worker in step {EvilStep} ({EvilAction}) of job {JobId} (process chain: ",
            mem.GetProperty("message").GetProperty("text").GetString());
        var properties = mem.GetProperty("properties");
        Assert.Equal((JobId, EvilStep, "action", EvilAction), (properties.Str("jobId"), properties.Long("step"), properties.Str("stepKind"), properties.Str("action")));
        var logical = mem.GetProperty("locations")[0].GetProperty("logicalLocations")[0];
        Assert.Equal((EvilAction, $"{JobId}/step {EvilStep}/{EvilAction}", "module"),
            (logical.Str("name"), logical.Str("fullyQualifiedName"), logical.Str("kind")));
    }

    [Fact]
    public async Task A_trace_without_jobs_reports_no_job_or_step()
    {
        var text = await Tracing.CliAsync("detect", scenarios.RunnerAttack.Path);
        var json = await Tracing.CliAsync("detect", scenarios.RunnerAttack.Path, "--format", "json");
        var sarif = await Tracing.CliAsync("detect", scenarios.RunnerAttack.Path, "--format", "sarif");

        Assert.DoesNotContain("By job and step", text.Stdout);
        Assert.DoesNotContain("step:", text.Stdout);
        Assert.DoesNotContain(" in step ", text.Stdout);
        using var report = JsonDocument.Parse(json.Stdout);
        var findings = report.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.DoesNotContain(f.EnumerateObject(), p => p.Name is "job_id" or "step" or "step_kind" or "step_name" or "action"));
        using var document = JsonDocument.Parse(sarif.Stdout);
        Assert.All(document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray(), r =>
        {
            Assert.False(r.GetProperty("locations")[0].TryGetProperty("logicalLocations", out _));
            Assert.False(r.GetProperty("properties").TryGetProperty("jobId", out _));
        });
    }
}
