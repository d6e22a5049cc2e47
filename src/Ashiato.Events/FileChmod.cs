namespace Ashiato.Events;

/// <summary>A mode change that succeeded (chmod, fchmod, fchmodat, fchmodat2).</summary>
public sealed record FileChmod : ProcessEvent
{
    public override EventKind Kind => EventKind.FileChmod;

    /// <summary>Absolute as the process named it; for fchmod, the path of the descriptor's file.</summary>
    public required string Path { get; init; }

    /// <summary>The permission bits asked for (07777: setuid, setgid, sticky and rwx), written in octal.</summary>
    public required int Mode { get; init; }
}
