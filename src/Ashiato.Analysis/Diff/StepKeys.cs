using Ashiato.Analysis.Jobs;

namespace Ashiato.Analysis.Diff;

/// <summary>
/// What makes a step "the same step" in two runs, so a diff can say which step's behaviour changed. Pure.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>An action (JavaScript, composite or docker) is its <c>owner/repo</c>, without the ref: a bump from v44 to v45
/// compares v45's behaviour with v44's, which is what a reviewer of the bump wants, and the tj-actions attack moved
/// the tag itself, so the ref told nothing anyway. The refs are kept to show a change. Its pre, main and post steps
/// (and a composite's inner steps) are one key.</item>
/// <item>A run step is its name (GITHUB_ACTION: the step's id, or <c>__run</c>, <c>__run_2</c> in order): its script
/// hash changes whenever an expression such as <c>${{ github.sha }}</c> is interpolated into it, so the hash only
/// names a step without a name (its environment was unreadable), and a changed hash is shown.</item>
/// <item>A job hook is its script's file name; step 0 is the runner.</item>
/// <item>All of it is prefixed by the workflow job (GITHUB_JOB) when known, so <c>build</c>'s <c>__run</c> is not
/// compared with <c>test</c>'s.</item>
/// </list>
/// </remarks>
public static class StepKeys
{
    public static string Of(JobStep step)
    {
        var key = step switch
        {
            { ActionRepository: { } repository } => $"action {repository}",
            { Number: 0 } or { Kind: JobStep.RunnerKind } => JobStep.RunnerKind,
            { Kind: "hook", Script: { } script } => $"hook {Path.GetFileName(script)}",
            { Name: { } name } => $"{step.Kind ?? "step"} {name}",
            { ScriptSha256: { } hash } => $"{step.Kind ?? "step"} script {hash}",
            _ => $"step {step.Number}",
        };
        return step.WorkflowJob is { } job ? $"{job}: {key}" : key;
    }
}
