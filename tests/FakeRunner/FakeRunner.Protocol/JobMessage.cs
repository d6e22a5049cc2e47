using System.Text.Json.Serialization;

namespace FakeRunner.Protocol;

/// <summary>
/// The job the listener hands to the worker over the pipe: the parts of a real AgentJobRequestMessage that decide what
/// runs and with which environment (the github context, workflow env, secrets, steps, where each action is downloaded
/// from), as plain JSON.
/// </summary>
public sealed record JobMessage
{
    /// <summary>Assigned when the job is queued; scenario files leave it out.</summary>
    public string JobId { get; init; } = string.Empty;

    public long RequestId { get; init; }

    /// <summary>The job's id in the workflow: GITHUB_JOB.</summary>
    public required string JobName { get; init; }

    public string? JobDisplayName { get; init; }

    public required GitHubRun Run { get; init; }

    /// <summary>The workflow's and job's <c>env:</c>, given to every step; values may use <c>${{ secrets.NAME }}</c>.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Secret values by name: masked as *** in the worker log, reachable only through expressions.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    public required IReadOnlyList<JobStep> Steps { get; init; }

    /// <summary>Where the worker downloads each action (<c>owner/repo@ref</c>) from: a gzip tarball with one top folder, as GitHub's tarball API serves it.</summary>
    public IReadOnlyDictionary<string, string> ActionArchives { get; init; } = new Dictionary<string, string>();

    public RunnerTimeouts Timeouts { get; init; } = new();

    [JsonIgnore]
    public string DisplayName => JobDisplayName ?? JobName;
}

/// <summary>The github context of the run the job belongs to.</summary>
public sealed record GitHubRun
{
    /// <summary><c>owner/repo</c>.</summary>
    public required string Repository { get; init; }

    public string Workflow { get; init; } = "CI";

    public string WorkflowPath { get; init; } = ".github/workflows/ci.yml";

    public string Ref { get; init; } = "refs/heads/main";

    public string Sha { get; init; } = "3f786850e387550fdab836ed7e6dc881de23001b";

    public string RunId { get; init; } = "1658821493";

    public string RunNumber { get; init; } = "1";

    public string RunAttempt { get; init; } = "1";

    public string EventName { get; init; } = "push";

    public string Actor { get; init; } = "octocat";

    [JsonIgnore]
    public string Owner => Repository.Split('/')[0];

    [JsonIgnore]
    public string Name => Repository.Split('/') is [_, var name, ..] ? name : Repository;

    [JsonIgnore]
    public string WorkflowRef => $"{Repository}/{WorkflowPath}@{Ref}";
}

/// <summary>
/// The real runner's waits, which tests scale down. The defaults are the real values: SIGINT then 7.5 s, SIGTERM then
/// 2.5 s, then kill (ProcessInvoker.cs); a cancelled job's worker gets the job's cancel timeout (5 minutes) before the
/// listener kills it; after a step exits, its output pipes get 5 s to close.
/// </summary>
public sealed record RunnerTimeouts
{
    public int SigintMilliseconds { get; init; } = 7500;

    public int SigtermMilliseconds { get; init; } = 2500;

    public int JobCancelMilliseconds { get; init; } = 300_000;

    public int OutputDrainMilliseconds { get; init; } = 5000;
}

/// <summary>One entry of the job's <c>steps:</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStep), "run")]
[JsonDerivedType(typeof(ActionStep), "action")]
[JsonDerivedType(typeof(WaitStep), "wait")]
[JsonDerivedType(typeof(WaitAllStep), "wait-all")]
[JsonDerivedType(typeof(CancelStep), "cancel")]
public abstract record JobStep
{
    /// <summary>The step's <c>id:</c>; its context name (GITHUB_ACTION) when set.</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }
}

/// <summary>A step that starts a process as a direct child of the worker.</summary>
public abstract record ProcessStep : JobStep
{
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Runs while the following steps go on (the runner's background steps, up to 10 at once).</summary>
    public bool Background { get; init; }

    public double? TimeoutMinutes { get; init; }
}

/// <summary>A <c>run:</c> step. Without <c>shell:</c> it runs as <c>bash -e {0}</c>; with <c>shell: bash</c> as <c>bash --noprofile --norc -e -o pipefail {0}</c>.</summary>
public sealed record RunStep : ProcessStep
{
    public required string Run { get; init; }

    public string? Shell { get; init; }
}

/// <summary>A <c>uses: owner/repo@ref</c> step (a JavaScript or composite action).</summary>
public sealed record ActionStep : ProcessStep
{
    public required string Uses { get; init; }

    /// <summary>The <c>with:</c> inputs, given to JavaScript actions as INPUT_*; values may use expressions.</summary>
    public IReadOnlyDictionary<string, string> With { get; init; } = new Dictionary<string, string>();
}

/// <summary>Control step: waits for the named background steps.</summary>
public sealed record WaitStep : JobStep
{
    public required IReadOnlyList<string> Steps { get; init; }
}

/// <summary>Control step: waits for every background step not waited for yet.</summary>
public sealed record WaitAllStep : JobStep;

/// <summary>Control step: cancels the named background steps (SIGINT, SIGTERM, kill).</summary>
public sealed record CancelStep : JobStep
{
    public required IReadOnlyList<string> Steps { get; init; }
}
