using Ashiato.Web.Storage;

namespace Ashiato.Web.Api;

/// <summary>A job as the API shows it.</summary>
public sealed record JobResponse(
    string Id,
    string Org,
    string Job,
    string? Repo,
    string? Workflow,
    string? RunId,
    string? Sha,
    DateTimeOffset CreatedAt,
    string State,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    long? DurationMs,
    long? Events,
    IReadOnlyDictionary<string, long>? Counts,
    long? TraceBytes,
    long? Dropped,
    long? Truncations,
    bool? EndedCleanly,
    int? Detections)
{
    public static JobResponse From(JobRecord job) => new(
        job.Id.Value, job.Org, job.Metadata.Job, job.Metadata.Repo, job.Metadata.Workflow, job.Metadata.RunId, job.Metadata.Sha,
        job.CreatedAt, job.State.ToString().ToLowerInvariant(), job.Trace?.StartedAt, job.Trace?.EndedAt, job.Trace?.DurationMs,
        job.Trace?.Events, job.Trace?.Counts, job.Trace?.Bytes, job.Trace?.Dropped, job.Trace?.Truncations, job.Trace?.EndedCleanly,
        job.Detections);
}

public sealed record JobListResponse(long Total, int Offset, int Limit, IReadOnlyList<JobResponse> Jobs);

public sealed record CreatedJob(string Id);
