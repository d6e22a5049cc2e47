namespace Ashiato.Analysis.Jobs;

/// <summary>
/// One step of a GitHub Actions job, as the trace's <c>steps</c> and <c>runner_jobs</c> views give it: where a finding
/// happened, or whose behaviour a diff compares.
/// </summary>
/// <param name="JobId">The tracer's job id (<c>&lt;worker pid&gt;-&lt;start ms&gt;</c>), unique within a trace.</param>
/// <param name="Number">1, 2, ... in order of start; 0 for the worker and the runner's housekeeping.</param>
/// <param name="Kind">run, action, composite, docker, hook or runner; null when the trace has no step record.</param>
/// <param name="Name">GITHUB_ACTION: <c>__run</c>, <c>__run_2</c>, or the step's id.</param>
/// <param name="Action"><c>owner/repo@ref</c> for an action.</param>
/// <param name="Script">The run step's or hook's script, or the action's entry point.</param>
/// <param name="ScriptSha256">The hash of a run step's or hook's script, read when it started.</param>
/// <param name="WorkflowJob">GITHUB_JOB: the job's key in its workflow (<c>build</c>).</param>
/// <param name="Repository">GITHUB_REPOSITORY.</param>
public sealed record JobStep(
    string JobId,
    int Number,
    string? Kind,
    string? Name,
    string? Action,
    string? Script,
    string? ScriptSha256,
    string? WorkflowJob,
    string? Repository)
{
    public const string RunnerKind = "runner";

    /// <summary>
    /// What the step ran, as people name it: the action (<c>evil-org/changed-files@v45</c>), else its kind and name
    /// (<c>run __run_2</c>), a hook by its script's file name, and step 0 as the runner.
    /// </summary>
    public string Label => Action ?? (Number == 0 ? RunnerKind : (Kind, Name) switch
    {
        ({ } kind, { } name) => $"{kind} {name}",
        ("hook", null) when Script is { } script => $"hook {Path.GetFileName(script)}",
        ({ } kind, null) => kind,
        (null, { } name) => name,
        _ => "unknown",
    });

    /// <summary><c>step 4 (evil-org/changed-files@v45) of job 5202-1796316412135</c>.</summary>
    public string Describe() => $"step {Number} ({Label}) of job {JobId}";

    /// <summary>The owner/repo of the action, without its ref; null for other steps.</summary>
    /// <remarks>GitHub names cannot hold an <c>@</c>; a ref can, so the first one splits them.</remarks>
    public string? ActionRepository => Action is { } action && action.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? action[..at] : Action;

    /// <summary>The ref of the action (<c>v45</c>, a commit); null for other steps.</summary>
    public string? ActionRef => Action is { } action && action.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? action[(at + 1)..] : null;
}
