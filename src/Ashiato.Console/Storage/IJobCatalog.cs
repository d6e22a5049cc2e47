namespace Ashiato.Web.Storage;

/// <summary>
/// The jobs catalog. The embedded implementation is SQLite; a scale-out one would be PostgreSQL. Every read and
/// write names the organisation, so one org can never reach another's rows.
/// </summary>
public interface IJobCatalog
{
    Task CreateAsync(JobRecord job, CancellationToken ct);

    Task<JobRecord?> GetAsync(JobKey key, CancellationToken ct);

    Task<JobPage> ListAsync(string org, JobFilter filter, CancellationToken ct);

    /// <summary>Moves a pending job to <see cref="JobState.Uploading"/>; false when it is not pending (or missing).</summary>
    Task<bool> TryBeginUploadAsync(JobKey key, CancellationToken ct);

    /// <summary>Returns an upload that failed to <see cref="JobState.Pending"/>, so it can be retried.</summary>
    Task AbandonUploadAsync(JobKey key, CancellationToken ct);

    Task CompleteUploadAsync(JobKey key, TraceSummary trace, CancellationToken ct);

    Task SetDetectionsAsync(JobKey key, int count, CancellationToken ct);

    Task<bool> DeleteAsync(JobKey key, CancellationToken ct);

    /// <summary>Jobs created before <paramref name="cutoff"/>, oldest first, in every organisation.</summary>
    Task<IReadOnlyList<JobKey>> ListCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken ct);

    /// <summary>Removes an organisation's jobs and tokens.</summary>
    Task DeleteOrgAsync(string org, CancellationToken ct);
}
