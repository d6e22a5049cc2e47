using Ashiato.Web.Storage;

namespace Ashiato.Web.Ingest;

/// <summary>
/// Stores a job's trace: stage the body, validate it line by line, then commit file and catalog row. Any failure
/// (bad line, too large, client gone) leaves the job pending and nothing stored.
/// </summary>
public sealed class TraceUploads(IJobCatalog catalog, ITraceBlobStore blobs, ConsoleOptions options, AfterUpload afterUpload)
{
    public enum Result
    {
        Stored,
        NoSuchJob,
        AlreadyUploaded,
    }

    public async Task<(Result Result, JobRecord? Job)> UploadAsync(JobKey key, Stream body, CancellationToken ct)
    {
        var job = await catalog.GetAsync(key, ct);
        if (job is null)
        {
            return (Result.NoSuchJob, null);
        }
        if (!await catalog.TryBeginUploadAsync(key, ct))
        {
            return (Result.AlreadyUploaded, job);
        }
        var committed = false;
        try
        {
            using var staged = await blobs.StageAsync(body, options.MaxUploadBytes, ct);
            var summary = TraceValidation.Validate(staged.Path, staged.Bytes, options.TraceLimits, ct);
            await blobs.CommitAsync(staged, key, ct);
            committed = true;
            if (!await catalog.CompleteUploadAsync(key, summary, CancellationToken.None))
            {
                // The job (or its organisation) was deleted during the upload: its file must not outlive it. Either
                // order of the two removals ends with neither row nor file.
                await blobs.DeleteAsync(key, CancellationToken.None);
                return (Result.NoSuchJob, null);
            }
        }
        finally
        {
            if (!committed)
            {
                await catalog.AbandonUploadAsync(key, CancellationToken.None);
            }
        }
        afterUpload.Enqueue(key);
        return await catalog.GetAsync(key, CancellationToken.None) is { } stored ? (Result.Stored, stored) : (Result.NoSuchJob, null);
    }
}
