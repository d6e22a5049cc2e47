using Ashiato.Events;
using Ashiato.Events.Jsonl;
using Ashiato.Web.Engines;

namespace Ashiato.Web;

/// <summary>How the console is configured by <c>ashiato serve</c>.</summary>
public sealed record ConsoleOptions
{
    public const int MinimumRetentionDays = 90;

    public required string DataDirectory { get; init; }

    /// <summary>Addresses to listen on, as URLs (<c>http://127.0.0.1:8080</c>); port 0 picks a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    public int RetentionDays { get; init; } = MinimumRetentionDays;

    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromHours(1);

    public long MaxUploadBytes { get; init; } = 512L << 20;

    /// <summary>
    /// How long a streamed job's agent may stay silent (no chunk, no heartbeat; it sends one every second) before its
    /// trace is marked as ended abnormally.
    /// </summary>
    public TimeSpan StreamSilence { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest trace once decompressed. Counted while it decompresses: a few MB of gzip can expand to gigabytes,
    /// and every engine that reads the trace pays for its decompressed size.
    /// </summary>
    public long MaxTraceBytes { get; init; } = 4L << 30;

    /// <summary>The longest line. The tracer's lines are a few KB (argv and paths are capped); 1 MiB is generous.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    public TraceReadLimits TraceLimits => new(MaxLineBytes, MaxTraceBytes);

    /// <summary>
    /// Jobs an organisation may have waiting for their trace. Each is a catalog row that retention keeps for the whole
    /// period; a leaked ingest token could otherwise fill the catalog.
    /// </summary>
    public int MaxPendingJobsPerOrg { get; init; } = 1000;

    /// <summary>How many engine runs at once, how many waiting per organisation, and the job views' memory.</summary>
    public EngineOptions Engines { get; init; } = new();

    /// <summary>The value of <c>ASHIATO_ADMIN_TOKEN</c>, used on the first start only.</summary>
    public string? AdminToken { get; init; }

    public void Validate()
    {
        if (RetentionDays < MinimumRetentionDays)
        {
            throw new UserFacingException($"the retention period is at least {MinimumRetentionDays} days (got {RetentionDays})");
        }
        if (MaxUploadBytes <= 0 || MaxTraceBytes <= 0 || MaxLineBytes <= 0)
        {
            throw new UserFacingException("the upload, trace and line limits must be positive");
        }
    }
}
