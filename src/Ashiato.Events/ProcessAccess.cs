namespace Ashiato.Events;

/// <summary>How one process reached into another.</summary>
public enum AccessMethod
{
    PtraceAttach,
    PtraceSeize,
    ProcessVmReadv,
    ProcessVmWritev,
    PidfdGetfd,
}

/// <summary>Where the target sits in the process tree relative to the accessor.</summary>
public enum ProcessRelation
{
    Self,
    Child,

    /// <summary>Below a child: a grandchild or further.</summary>
    Descendant,

    /// <summary>The accessor's parent or further up (how a job step reaches the runner that started it).</summary>
    Ancestor,

    /// <summary>Neither above nor below the accessor.</summary>
    Other,
}

/// <summary>
/// One process attaching to, reading, writing or taking a descriptor of another (or itself). Reported once per
/// accessor process image, target process and method, however often the access repeats.
/// </summary>
public sealed record ProcessAccess : ProcessEvent
{
    public override EventKind Kind => EventKind.ProcessAccess;

    /// <summary>Host pid of the target process.</summary>
    public required int TargetPid { get; init; }

    /// <summary>The target's command name (its thread-group leader's).</summary>
    public required string TargetComm { get; init; }

    public required AccessMethod Method { get; init; }

    public required ProcessRelation TargetRelation { get; init; }

    /// <summary>The target's parent, so a rule can tell whose process it reached.</summary>
    public required int TargetPpid { get; init; }
}
