using Ashiato.Web.Storage;

namespace Ashiato.Web.Streams;

/// <summary>A job whose trace an agent streams in chunks.</summary>
public sealed record StreamRecord
{
    public required JobKey Key { get; init; }

    /// <summary>The agent's name for the stream (boot id and job id), unique per organisation.</summary>
    public required string StreamKey { get; init; }

    public string? Host { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? RunnerName { get; init; }

    public string? WorkflowRef { get; init; }

    public string? RunAttempt { get; init; }

    public required StreamState State { get; init; }

    /// <summary>The sequence number the next chunk must have.</summary>
    public required long NextSeq { get; init; }

    /// <summary>SHA-256 of the last chunk appended, or the chain's genesis.</summary>
    public required string LastSha256 { get; init; }

    /// <summary>The last chunk or heartbeat.</summary>
    public required DateTimeOffset LastHeardAt { get; init; }
}

public enum StreamState
{
    /// <summary>Chunks are arriving; the trace so far is readable.</summary>
    Running,

    /// <summary>The final chunk (with trace_end) arrived.</summary>
    Completed,

    /// <summary>The agent fell silent before the final chunk: the trace ended abnormally.</summary>
    Abnormal,
}

public static class StreamStates
{
    public static string ToWire(this StreamState state) => state switch
    {
        StreamState.Running => "running",
        StreamState.Completed => "completed",
        StreamState.Abnormal => "abnormal",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static StreamState Parse(string wire) => Enum.GetValues<StreamState>().Single(state => state.ToWire() == wire);
}

/// <summary>Something wrong with a stream, kept and shown: a gap, a refused chunk.</summary>
/// <param name="Kind"><c>gap</c>, <c>broken_chain</c>, <c>conflicting_chunk</c> or <c>after_end</c>.</param>
public sealed record StreamFault(DateTimeOffset At, long Seq, string Kind, string Detail);

/// <summary>A chunk of a streamed trace, as stored: its place, its hash, its size.</summary>
public sealed record StoredChunk(long Seq, string Sha256, long Bytes);
