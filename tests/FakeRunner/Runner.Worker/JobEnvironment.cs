using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>The GITHUB_ACTION* variables that tell a step's processes which step and action they belong to.</summary>
/// <param name="ContextName">GITHUB_ACTION: the step's id, or a generated <c>__run</c>, <c>__owner_repo</c>.</param>
/// <param name="ActionPath">GITHUB_ACTION_PATH: set for JavaScript actions and for the steps inside a composite action.</param>
internal sealed record StepIdentity(string ContextName, string ActionRepository = "", string ActionRef = "", string? ActionPath = null);

/// <summary>
/// The environment the worker gives a step, on top of the worker's own (which carries <c>.env</c> and
/// RUNNER_TRACKING_ID): the github and runner contexts, the step's identity and file commands, then the workflow's and
/// the step's <c>env:</c>. Pure: the caller evaluates expressions first.
/// </summary>
internal sealed class JobEnvironment(RunnerLayout layout, RunnerSettings settings, JobMessage job)
{
    public string Workspace => layout.Workspace(job.Run);

    /// <summary>The github.* and runner.* values every step sees, as the variables the runner exports.</summary>
    public IReadOnlyDictionary<string, string> Contexts { get; } = BuildContexts(layout, settings, job);

    public Dictionary<string, string> ForStep(
        StepIdentity identity,
        FileCommandSet? files,
        IReadOnlyDictionary<string, string> workflowEnv,
        IReadOnlyDictionary<string, string> stepEnv)
    {
        var environment = new Dictionary<string, string>(Contexts, StringComparer.Ordinal)
        {
            ["GITHUB_ACTION"] = identity.ContextName,
            ["GITHUB_ACTION_REPOSITORY"] = identity.ActionRepository,
            ["GITHUB_ACTION_REF"] = identity.ActionRef,
        };
        if (identity.ActionPath is not null)
        {
            environment["GITHUB_ACTION_PATH"] = identity.ActionPath;
        }
        foreach (var (name, value) in files?.Variables ?? [])
        {
            environment[name] = value;
        }
        foreach (var (name, value) in workflowEnv.Concat(stepEnv))
        {
            environment[name] = value;
        }
        return environment;
    }

    /// <summary>The variables of a job hook: the contexts and file commands, but no step identity (a hook is not a step of the workflow).</summary>
    public Dictionary<string, string> ForHook(FileCommandSet files)
    {
        var environment = new Dictionary<string, string>(Contexts, StringComparer.Ordinal);
        foreach (var (name, value) in files.Variables)
        {
            environment[name] = value;
        }
        return environment;
    }

    private static Dictionary<string, string> BuildContexts(RunnerLayout layout, RunnerSettings settings, JobMessage job)
    {
        var run = job.Run;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_JOB"] = job.JobName,
            ["GITHUB_REF"] = run.Ref,
            ["GITHUB_REF_NAME"] = run.Ref.Split('/')[^1],
            ["GITHUB_SHA"] = run.Sha,
            ["GITHUB_REPOSITORY"] = run.Repository,
            ["GITHUB_REPOSITORY_OWNER"] = run.Owner,
            ["GITHUB_RUN_ID"] = run.RunId,
            ["GITHUB_RUN_NUMBER"] = run.RunNumber,
            ["GITHUB_RUN_ATTEMPT"] = run.RunAttempt,
            ["GITHUB_ACTOR"] = run.Actor,
            ["GITHUB_WORKFLOW"] = run.Workflow,
            ["GITHUB_WORKFLOW_REF"] = run.WorkflowRef,
            ["GITHUB_EVENT_NAME"] = run.EventName,
            ["GITHUB_EVENT_PATH"] = layout.WorkflowEventFile,
            ["GITHUB_WORKSPACE"] = layout.Workspace(run),
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_API_URL"] = "https://api.github.com",
            ["GITHUB_GRAPHQL_URL"] = "https://api.github.com/graphql",
            ["RUNNER_NAME"] = settings.AgentName,
            ["RUNNER_OS"] = "Linux",
            ["RUNNER_ARCH"] = "X64",
            ["RUNNER_ENVIRONMENT"] = "self-hosted",
            ["RUNNER_TEMP"] = layout.Temp,
            ["RUNNER_TOOL_CACHE"] = layout.ToolCache,
            ["RUNNER_WORKSPACE"] = layout.RunnerWorkspace(run),
        };
    }
}
