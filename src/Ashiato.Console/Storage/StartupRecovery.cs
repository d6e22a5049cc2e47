using Microsoft.Extensions.Logging;

namespace Ashiato.Web.Storage;

/// <summary>
/// Repairs what a crash leaves behind, before the server takes requests: uploads it interrupted go back to pending (a
/// retry used to get 409 for good), and trace files without a stored job are removed (retention only sees rows).
/// So are staging files of uploads that never finished.
/// </summary>
public sealed class StartupRecovery(IJobCatalog catalog, ITraceBlobStore blobs, ILogger<StartupRecovery> log)
{
    public sealed record Report(int ResetUploads, int OrphanFiles, int StagedFiles);

    public async Task<Report> RunAsync(CancellationToken ct)
    {
        var staged = await blobs.ClearStagingAsync(ct);
        var reset = await catalog.ResetInterruptedUploadsAsync(ct);
        var stored = await catalog.ListHoldingTracesAsync(ct);
        var orphans = 0;
        foreach (var key in blobs.ListStored().Where(key => !stored.Contains(key)).ToList())
        {
            await blobs.DeleteAsync(key, ct);
            orphans++;
        }
        if (reset > 0 || orphans > 0 || staged > 0)
        {
            log.LogWarning("start-up recovery: {Reset} interrupted uploads reopened, {Orphans} orphan trace files and {Staged} staged uploads removed",
                reset, orphans, staged);
        }
        return new Report(reset, orphans, staged);
    }
}
