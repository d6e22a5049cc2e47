namespace Ashiato.Events;

/// <summary>Counters written periodically and as the last line, so a trace with losses says so.</summary>
public sealed record TracerStats : TraceRecord
{
    public override EventKind Kind => EventKind.TracerStats;

    public required IReadOnlyDictionary<EventKind, long> Events { get; init; }

    /// <summary>Records lost per type: ring buffer full in the kernel, or user-space queue full.</summary>
    public required IReadOnlyDictionary<EventKind, long> Dropped { get; init; }

    public required TruncationCounts Truncated { get; init; }

    /// <summary>DNS packets that could not be parsed.</summary>
    public long MalformedDns { get; init; }

    /// <summary>True on the last line of a trace that ended cleanly.</summary>
    public bool Final { get; init; }

    public long TotalDropped => Dropped.Values.Sum();
}

public sealed record TruncationCounts(long Args, long Paths)
{
    /// <summary>Execs whose environment was not examined to its end (process_exec.env_truncated).</summary>
    public long Env { get; init; }
}
