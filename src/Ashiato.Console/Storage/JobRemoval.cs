namespace Ashiato.Web.Storage;

/// <summary>Deletes jobs and organisations: catalog rows and trace files together.</summary>
public sealed class JobRemoval(IJobCatalog catalog, ITraceBlobStore blobs)
{
    public async Task<bool> DeleteJobAsync(JobKey key, CancellationToken ct)
    {
        // The row goes first: once it is gone nobody can reach the file, so a crash in between leaves only an orphan file.
        if (!await catalog.DeleteAsync(key, ct))
        {
            return false;
        }
        await blobs.DeleteAsync(key, ct);
        return true;
    }

    /// <summary>A cancelled subscription: every job, trace and token of the organisation.</summary>
    public async Task DeleteOrgAsync(string org, CancellationToken ct)
    {
        await catalog.DeleteOrgAsync(OrgName.Require(org), ct);
        await blobs.DeleteOrgAsync(org, ct);
    }
}
