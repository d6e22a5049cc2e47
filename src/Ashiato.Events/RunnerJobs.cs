namespace Ashiato.Events;

/// <summary>Which GitHub Actions job and step a process's record belongs to (contract fields <c>job_id</c> and <c>step</c>).</summary>
/// <param name="JobId">Unique within a trace: the worker's pid and start time.</param>
/// <param name="Step">1, 2, ... in order of start; 0 for the worker itself and the runner's housekeeping.</param>
public readonly record struct JobAttribution(string JobId, int Step);

/// <summary>What a step runs, decided at its root's first exec.</summary>
public enum StepKind
{
    /// <summary>A <c>run:</c> script: a shell running <c>_work/_temp/&lt;uuid&gt;.sh</c>.</summary>
    Run,

    /// <summary>A JavaScript action: node running <c>_work/_actions/&lt;owner&gt;/&lt;repo&gt;/&lt;ref&gt;/…</c> (pre, main or post).</summary>
    Action,

    /// <summary>A step inside a composite action.</summary>
    Composite,

    /// <summary>A container action or job container, through the docker CLI.</summary>
    Docker,

    /// <summary>The job-started or job-completed hook.</summary>
    Hook,

    /// <summary>The runner's own housekeeping: tar, hashFiles, chmod.</summary>
    Runner,
}

public static class StepKindNames
{
    public static string ToWire(this StepKind kind) => kind switch
    {
        StepKind.Run => "run",
        StepKind.Action => "action",
        StepKind.Composite => "composite",
        StepKind.Docker => "docker",
        StepKind.Hook => "hook",
        StepKind.Runner => "runner",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>A record about a job as a whole, or one of its steps.</summary>
public abstract record JobRecord : TraceRecord
{
    public required string JobId { get; init; }
}

/// <summary>A job's metadata, written when its first step starts (or when it ends, if it ran none).</summary>
public sealed record RunnerJob : JobRecord
{
    public override EventKind Kind => EventKind.RunnerJob;

    public required int WorkerPid { get; init; }

    public string? RunnerName { get; init; }

    public string? Repository { get; init; }

    public string? WorkflowRef { get; init; }

    public string? RunId { get; init; }

    public string? RunAttempt { get; init; }

    public string? Job { get; init; }

    /// <summary>False when the worker does not sit in a runner's layout (no <c>.runner</c> beside its <c>bin</c>).</summary>
    public bool RunnerLayout { get; init; } = true;
}

public sealed record RunnerJobEnd : JobRecord
{
    public override EventKind Kind => EventKind.RunnerJobEnd;

    /// <summary>The worker's exit code, or 128 + the signal that killed it.</summary>
    public required int ExitCode { get; init; }
}

/// <summary>A step's root process first exec'd (contract type <c>step</c>).</summary>
public sealed record StepStarted : JobRecord
{
    public override EventKind Kind => EventKind.Step;

    public required int Step { get; init; }

    public required StepKind StepKind { get; init; }

    /// <summary>The step's root process.</summary>
    public required int Pid { get; init; }

    /// <summary>GITHUB_ACTION: the step's id (<c>__run</c>, <c>__actions_checkout</c>, or the user's).</summary>
    public string? Name { get; init; }

    /// <summary><c>owner/repo@ref</c> for actions.</summary>
    public string? Action { get; init; }

    /// <summary>The <c>_temp/&lt;uuid&gt;.sh</c> a run step or hook runs, or the JavaScript file an action runs.</summary>
    public string? Script { get; init; }

    public string? ScriptSha256 { get; init; }
}

public sealed record StepEnded : JobRecord
{
    public override EventKind Kind => EventKind.StepEnd;

    public required int Step { get; init; }

    public required int ExitCode { get; init; }
}
