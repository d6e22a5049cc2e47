namespace Ashiato.Events;

/// <summary>An unlink or rmdir that succeeded (unlink, unlinkat, rmdir).</summary>
public sealed record FileDelete : ProcessEvent
{
    public override EventKind Kind => EventKind.FileDelete;

    /// <summary>Absolute as the process named it (joined to cwd or dirfd, dots folded).</summary>
    public required string Path { get; init; }

    /// <summary>True when a directory was removed (rmdir, or unlinkat with AT_REMOVEDIR).</summary>
    public bool Directory { get; init; }
}
