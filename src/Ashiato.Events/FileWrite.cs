namespace Ashiato.Events;

/// <summary>Bytes one process wrote through one open file, summed until close, exit or the end of the trace.</summary>
public sealed record FileWrite : ProcessEvent
{
    public override EventKind Kind => EventKind.FileWrite;

    public required string Path { get; init; }

    public required long Bytes { get; init; }
}
