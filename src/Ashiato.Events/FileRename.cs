namespace Ashiato.Events;

/// <summary>A rename that succeeded (rename, renameat, renameat2).</summary>
public sealed record FileRename : ProcessEvent
{
    public override EventKind Kind => EventKind.FileRename;

    /// <summary>The old name, absolute as the process named it (joined to cwd or dirfd, dots folded).</summary>
    public required string Path { get; init; }

    /// <summary>The new name, made absolute the same way.</summary>
    public required string NewPath { get; init; }
}
