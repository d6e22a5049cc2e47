namespace Ashiato.Web.Backends;

/// <summary>The rule pack: findings for one trace. Implementations run any SQL outside the server process.</summary>
public interface IDetectionSource
{
    Task<IReadOnlyList<DetectionFinding>> FindAsync(string tracePath, CancellationToken ct);
}
