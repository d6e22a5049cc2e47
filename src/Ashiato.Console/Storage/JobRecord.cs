namespace Ashiato.Web.Storage;

/// <summary>One job in the catalog.</summary>
public sealed record JobRecord
{
    public required JobId Id { get; init; }

    public required string Org { get; init; }

    public required JobMetadata Metadata { get; init; }

    /// <summary>When the server created the job; retention counts from here.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public required JobState State { get; init; }

    /// <summary>Set once the trace is stored.</summary>
    public TraceSummary? Trace { get; init; }

    /// <summary>Number of findings of the rule pack, when it ran.</summary>
    public int? Detections { get; init; }
}
