namespace Ashiato.Web.Storage;

/// <summary>
/// Trace bytes, stored exactly as uploaded. The embedded implementation keeps files under the data directory; a
/// scale-out one would use S3-compatible object storage and keep <see cref="StagedTrace"/> as the local copy.
/// </summary>
public interface ITraceBlobStore
{
    /// <summary>
    /// Copies <paramref name="body"/> into a private staging file, failing with <see cref="UploadTooLargeException"/>
    /// past <paramref name="maxBytes"/>. Nothing is visible to readers until <see cref="CommitAsync"/>.
    /// </summary>
    Task<StagedTrace> StageAsync(Stream body, long maxBytes, CancellationToken ct);

    Task CommitAsync(StagedTrace staged, JobKey key, CancellationToken ct);

    /// <summary>
    /// Appends one chunk (a complete gzip member) to a streamed job's trace, which readers see grow: every prefix that
    /// ends at a chunk's end is a valid trace.
    /// </summary>
    Task AppendAsync(JobKey key, ReadOnlyMemory<byte> chunk, CancellationToken ct);

    /// <summary>Opens a stored trace for reading, or null when there is none.</summary>
    Stream? OpenRead(JobKey key);

    /// <summary>A local file holding the trace, for readers that need a path (the query workers).</summary>
    string? LocalPath(JobKey key);

    Task DeleteAsync(JobKey key, CancellationToken ct);

    Task DeleteOrgAsync(string org, CancellationToken ct);

    /// <summary>Removes uploads a crash left half staged; returns how many. Only at start-up, before uploads are taken.</summary>
    Task<int> ClearStagingAsync(CancellationToken ct);

    /// <summary>Every stored trace, for the start-up sweep of files whose job is gone.</summary>
    IEnumerable<JobKey> ListStored();
}
