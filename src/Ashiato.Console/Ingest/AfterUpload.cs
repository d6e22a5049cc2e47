using System.Threading.Channels;
using Ashiato.Web.Backends;
using Ashiato.Web.Engines;
using Ashiato.Web.Profiles;
using Ashiato.Web.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ashiato.Web.Ingest;

/// <summary>
/// Work that follows a stored upload, off the request and one job at a time: build the job's page data (people open a
/// job right after its upload) and count the rule pack's findings for the jobs-list badge. One at a time keeps a burst of
/// uploads from starting a burst of rule-pack processes.
/// </summary>
public sealed class AfterUpload(
    IJobCatalog catalog, ITraceBlobStore blobs, JobProfiles profiles, ConsoleBackends backends, EngineRuns runs, ILogger<AfterUpload> log)
    : BackgroundService
{
    // When full, a job simply has no badge yet; opening its Detections tab counts its findings then.
    private readonly Channel<JobKey> _queue = Channel.CreateBounded<JobKey>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Raised after a job's follow-up work, for tests and logs.</summary>
    public event Action<JobKey>? Done;

    public void Enqueue(JobKey key) => _queue.Writer.TryWrite(key);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var key in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await profiles.GetAsync(key, stoppingToken);
                if (backends.Detections is { } detections && blobs.LocalPath(key) is { } path)
                {
                    var findings = await runs.Analysis.RunAsync(key.Org, GatedEngine.KeyOf("detect", path), token => detections.FindAsync(path, token), stoppingToken);
                    await catalog.SetDetectionsAsync(key, findings.Count, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The upload is stored either way; the tabs retry on view.
                log.LogWarning(e, "follow-up of job {Job} failed", key.Id);
            }
            Done?.Invoke(key);
        }
    }
}
