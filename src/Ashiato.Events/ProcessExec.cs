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

    /// <summary>
    /// The values of the environment variables that change what a program runs (LD_PRELOAD, NODE_OPTIONS, ...), by
    /// name, for those that were set; each value cut at 256 bytes. No other variable is ever captured.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>The environment was too large (or unreadable) to be examined to its end: a variable may be missing.</summary>
    public bool EnvTruncated { get; init; }
}
