namespace Ashiato.Events;

public enum TraceScope
{
    Command,
    Pid,
    All,
}

/// <summary>The first line of every trace: who recorded it, where, and what it covered.</summary>
public sealed record TraceMeta : TraceRecord
{
    public override EventKind Kind => EventKind.TraceMeta;

    public required string TracerVersion { get; init; }

    public required string Kernel { get; init; }

    public required string Hostname { get; init; }

    public required TraceScope Scope { get; init; }

    /// <summary>argv of the traced command, for <see cref="TraceScope.Command"/>.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>The root pid, for <see cref="TraceScope.Pid"/> and <see cref="TraceScope.Command"/>.</summary>
    public int? RootPid { get; init; }

    /// <summary>Which kernel mechanism captured each event type (for example net_connect: cgroup_sock_addr).</summary>
    public IReadOnlyDictionary<EventKind, string> Mechanisms { get; init; } = new Dictionary<EventKind, string>();

    /// <summary>Set on the per-job traces of <c>ashiato agent</c>: the one job this trace holds.</summary>
    public string? JobId { get; init; }

    /// <summary>The agent's <c>--label k=v</c> pairs, on every trace it writes.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
