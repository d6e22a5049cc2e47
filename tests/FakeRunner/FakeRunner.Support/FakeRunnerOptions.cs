using FakeRunner.Protocol;

namespace FakeRunner.Support;

public sealed record FakeRunnerOptions
{
    /// <summary>Short waits for tests: SIGINT, 300 ms, SIGTERM, 300 ms, kill; a cancelled worker gets 10 s.</summary>
    public static readonly RunnerTimeouts FastTimeouts = new()
    {
        SigintMilliseconds = 300,
        SigtermMilliseconds = 300,
        JobCancelMilliseconds = 10_000,
        OutputDrainMilliseconds = 1000,
    };

    /// <summary>The runner's name (.runner agentName, RUNNER_NAME).</summary>
    public string RunnerName { get; init; } = "fake-runner-1";

    /// <summary>An ephemeral runner: its listener exits after one job.</summary>
    public bool Ephemeral { get; init; }

    /// <summary>Installs job-started and job-completed hooks (ACTIONS_RUNNER_HOOK_JOB_* in .env) that probe themselves as hook-started and hook-completed.</summary>
    public bool Hooks { get; init; }

    /// <summary>Where processes write probes; runners that meet at a rendezvous share one.</summary>
    public string? ProbeDirectory { get; init; }

    /// <summary>Put in every job this runner takes.</summary>
    public RunnerTimeouts Timeouts { get; init; } = FastTimeouts;

    /// <summary>
    /// Actions besides the scenarios', as <c>owner/repo@ref</c> and the folder to serve as its repository (for example
    /// a checkout of an action under test).
    /// </summary>
    public IReadOnlyDictionary<string, string> Actions { get; init; } = new Dictionary<string, string>();

    /// <summary>More lines for the runner's .env.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
