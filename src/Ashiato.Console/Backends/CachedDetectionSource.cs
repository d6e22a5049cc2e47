using Microsoft.Extensions.Caching.Memory;

namespace Ashiato.Web.Backends;

/// <summary>
/// Remembers findings per trace: a stored trace never changes, so the rule pack runs once per job (at upload, for the
/// jobs-list badge) rather than on every view of the Detections tab.
/// </summary>
public sealed class CachedDetectionSource(IDetectionSource inner) : IDetectionSource, IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256 });

    public async Task<IReadOnlyList<DetectionFinding>> FindAsync(string tracePath, CancellationToken ct)
    {
        if (_cache.TryGetValue(tracePath, out IReadOnlyList<DetectionFinding>? findings) && findings is not null)
        {
            return findings;
        }
        findings = await inner.FindAsync(tracePath, ct);
        _cache.Set(tracePath, findings, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        return findings;
    }

    public void Dispose() => _cache.Dispose();
}
