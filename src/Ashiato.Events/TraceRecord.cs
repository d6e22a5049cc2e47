namespace Ashiato.Events;

/// <summary>One line of a trace. Every record has a type and a UTC timestamp.</summary>
public abstract record TraceRecord
{
    public required DateTimeOffset Timestamp { get; init; }

    public abstract EventKind Kind { get; }
}

/// <summary>A record caused by a process: carries the host-visible tgid and the command name.</summary>
public abstract record ProcessEvent : TraceRecord
{
    /// <summary>Thread-group id as the host sees it.</summary>
    public required int Pid { get; init; }

    public required string Comm { get; init; }

    public int? Ppid { get; init; }

    /// <summary>The GitHub Actions job and step the process belongs to; null outside any job.</summary>
    public JobAttribution? Job { get; init; }
}
