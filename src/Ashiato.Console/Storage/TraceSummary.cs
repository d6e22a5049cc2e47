namespace Ashiato.Web.Storage;

/// <summary>Figures computed once while an upload is validated, so the jobs list never opens a trace.</summary>
public sealed record TraceSummary
{
    public required long Bytes { get; init; }

    public required long Events { get; init; }

    /// <summary>Lines per record type, keyed by the wire name.</summary>
    public required IReadOnlyDictionary<string, long> Counts { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Events the tracer reported as dropped (from its last <c>tracer_stats</c> line).</summary>
    public long Dropped { get; init; }

    /// <summary>Argument and path truncations the tracer reported.</summary>
    public long Truncations { get; init; }

    /// <summary>False when the trace has no final <c>tracer_stats</c> line: the tracer did not end cleanly.</summary>
    public bool EndedCleanly { get; init; }

    public long? DurationMs => StartedAt is { } start && EndedAt is { } end ? (long)(end - start).TotalMilliseconds : null;
}
