namespace FakeRunner.Protocol;

/// <summary>What the listener reports when a job is over (the real one tells the service; the fake writes it to the broker).</summary>
public sealed record JobResult
{
    public required string JobId { get; init; }

    public long RequestId { get; init; }

    public required int WorkerPid { get; init; }

    /// <summary>The worker's exit code; absent when the listener had to kill it.</summary>
    public int? WorkerExitCode { get; init; }

    /// <summary>True when the worker outlived the job's cancel timeout and the listener killed it (no "Complete job", orphans left behind).</summary>
    public bool WorkerKilled { get; init; }

    public bool CancelRequested { get; init; }

    public required TaskResult Result { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }
}
