namespace Ashiato.Events;

public sealed record ProcessExec : ProcessEvent
{
    public override EventKind Kind => EventKind.ProcessExec;

    /// <summary>The path exactly as passed to exec, possibly relative.</summary>
    public required string Filename { get; init; }

    /// <summary>argv exactly, spaces kept.</summary>
    public required IReadOnlyList<string> Args { get; init; }

    public bool ArgsTruncated { get; init; }

    /// <summary>The absolute executable the kernel ran; the interpreter for a script.</summary>
    public string? Exe { get; init; }

    public string? Cwd { get; init; }

    public uint? Uid { get; init; }

    /// <summary>
    /// The process was already running when tracing started (<c>--pid</c>, <c>--all</c>): read from /proc at attach
    /// time, timestamped with its start time.
    /// </summary>
    public bool Snapshot { get; init; }
}
