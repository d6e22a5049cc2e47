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

    /// <summary>Jobs of <paramref name="org"/> still waiting for their trace (pending or uploading).</summary>
    Task<long> CountPendingAsync(string org, CancellationToken ct);

    /// <summary>Moves a pending job to <see cref="JobState.Uploading"/>; false when it is not pending (or missing).</summary>
    Task<bool> TryBeginUploadAsync(JobKey key, CancellationToken ct);

    /// <summary>Returns an upload that failed to <see cref="JobState.Pending"/>, so it can be retried.</summary>
    Task AbandonUploadAsync(JobKey key, CancellationToken ct);

    /// <summary>
    /// Marks a trace stored: an upload, or a stream that ended (or, after an abnormal end, grew by a late chunk); false
    /// when the job is gone (deleted meanwhile, with its organisation or alone), in which case the caller removes the
    /// file it committed.
    /// </summary>
    Task<bool> CompleteUploadAsync(JobKey key, TraceSummary trace, CancellationToken ct);

    /// <summary>At start-up: uploads a crash interrupted go back to pending, so the uploader can retry. Returns how many.</summary>
    Task<int> ResetInterruptedUploadsAsync(CancellationToken ct);

    /// <summary>
    /// Every job whose trace is stored, in every organisation: ready jobs, and jobs whose agent is still streaming their
    /// trace (a console restarted mid-job keeps the chunks so far). What the orphan sweep keeps.
    /// </summary>
    Task<IReadOnlySet<JobKey>> ListHoldingTracesAsync(CancellationToken ct);

    Task SetDetectionsAsync(JobKey key, int count, CancellationToken ct);

    Task<bool> DeleteAsync(JobKey key, CancellationToken ct);

    /// <summary>Jobs created before <paramref name="cutoff"/>, oldest first, in every organisation.</summary>
    Task<IReadOnlyList<JobKey>> ListCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken ct);

    /// <summary>Removes an organisation's jobs and tokens.</summary>
    Task DeleteOrgAsync(string org, CancellationToken ct);
}
