namespace Ashiato.Events;

/// <summary>The record types of the trace format. The wire names live in <see cref="EventKindNames"/>.</summary>
public enum EventKind
{
    ProcessExec,
    NetConnect,
    DnsQuery,
    FileOpen,
    FileWrite,
    TraceMeta,
    TracerStats,
    ProcessFork,
    FileRename,
    FileDelete,
    FileChmod,
    ProcessAccess,
    RunnerJob,
    RunnerJobEnd,
    Step,
    StepEnd,
    TraceEnd,
    AgentLoss,
    Signal,
    BpfCall,
}

/// <summary>Maps <see cref="EventKind"/> to and from the <c>type</c> strings of the format contract.</summary>
public static class EventKindNames
{
    /// <summary>The five event types of the product documentation (the seed), in the order the contract lists them.</summary>
    public static IReadOnlyList<EventKind> Seed { get; } =
        [EventKind.ProcessExec, EventKind.NetConnect, EventKind.DnsQuery, EventKind.FileOpen, EventKind.FileWrite];

    /// <summary>
    /// Every event type a tracer captures, counted in tracer_stats: the seed's five first, in its order, then the
    /// additions of the contract's "Evidence completeness" (lineage, then the evidence of tampering).
    /// </summary>
    public static IReadOnlyList<EventKind> Captured { get; } =
        [.. Seed, EventKind.ProcessFork, EventKind.FileRename, EventKind.FileDelete, EventKind.FileChmod, EventKind.ProcessAccess,
            EventKind.Signal, EventKind.BpfCall];

    public static string ToWire(this EventKind kind) => kind switch
    {
        EventKind.ProcessExec => "process_exec",
        EventKind.NetConnect => "net_connect",
        EventKind.DnsQuery => "dns_query",
        EventKind.FileOpen => "file_open",
        EventKind.FileWrite => "file_write",
        EventKind.TraceMeta => "trace_meta",
        EventKind.TracerStats => "tracer_stats",
        EventKind.ProcessFork => "process_fork",
        EventKind.FileRename => "file_rename",
        EventKind.FileDelete => "file_delete",
        EventKind.FileChmod => "file_chmod",
        EventKind.ProcessAccess => "process_access",
        EventKind.RunnerJob => "runner_job",
        EventKind.RunnerJobEnd => "runner_job_end",
        EventKind.Step => "step",
        EventKind.StepEnd => "step_end",
        EventKind.TraceEnd => "trace_end",
        EventKind.AgentLoss => "agent_loss",
        EventKind.Signal => "signal",
        EventKind.BpfCall => "bpf_call",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string wire, out EventKind kind)
    {
        foreach (var candidate in Enum.GetValues<EventKind>())
        {
            if (candidate.ToWire() == wire)
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
