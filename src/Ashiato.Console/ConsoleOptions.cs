using Ashiato.Events;

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

    /// <summary>The value of <c>ASHIATO_ADMIN_TOKEN</c>, used on the first start only.</summary>
    public string? AdminToken { get; init; }

    public void Validate()
    {
        if (RetentionDays < MinimumRetentionDays)
        {
            throw new UserFacingException($"the retention period is at least {MinimumRetentionDays} days (got {RetentionDays})");
        }
        if (MaxUploadBytes <= 0)
        {
            throw new UserFacingException("the upload limit must be positive");
        }
    }
}
