namespace Ashiato.Events;

/// <summary>Why <c>ashiato agent</c> closed a job's trace.</summary>
public enum TraceEndReason
{
    /// <summary>The job's worker exited (and the grace period for its last records passed).</summary>
    JobEnded,

    /// <summary>The agent was told to stop (SIGTERM or SIGINT) while the job was still running.</summary>
    AgentStopped,
}

public static class TraceEndReasonNames
{
    public static string ToWire(this TraceEndReason reason) => reason switch
    {
        TraceEndReason.JobEnded => "job_ended",
        TraceEndReason.AgentStopped => "agent_stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}

/// <summary>Why the agent lost part of a job's trace.</summary>
public enum LossReason
{
    /// <summary>The console could not take chunks and the spool (or its disk) was full.</summary>
    SpoolFull,
}

public static class LossReasonNames
{
    public static string ToWire(this LossReason reason) => reason switch
    {
        LossReason.SpoolFull => "spool_full",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}

/// <summary>
/// The last record of a per-job trace written by <c>ashiato agent</c>. A job trace without it ended abnormally: the
/// agent was killed, or its stream was cut.
/// </summary>
public sealed record TraceEnd : JobRecord
{
    public override EventKind Kind => EventKind.TraceEnd;

    public required TraceEndReason Reason { get; init; }
}

/// <summary>
/// Parts of a job's trace the agent had to discard (the console unreachable and the spool full): how many chunks and
/// bytes, and the time range their records covered. Written into the job's trace as soon as there is room again.
/// </summary>
public sealed record AgentLoss : JobRecord
{
    public override EventKind Kind => EventKind.AgentLoss;

    public required LossReason Reason { get; init; }

    public required long LostChunks { get; init; }

    public required long LostBytes { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }
}
