namespace Ashiato.Events;

public sealed record FileOpen : ProcessEvent
{
    public override EventKind Kind => EventKind.FileOpen;

    /// <summary>Absolute path as the process named it: joined to cwd or dirfd, dots folded, symlinks kept.</summary>
    public required string Path { get; init; }

    public required OpenFlags Flags { get; init; }

    /// <summary>The file the kernel actually opened, when it differs from <see cref="Path"/>.</summary>
    public string? ResolvedPath { get; init; }
}
