namespace Ashiato.Web.Auth;

/// <summary>
/// Counts failed authentications per source address and per token id in fixed windows of <see cref="Window"/>; a key
/// with <see cref="MaxFailures"/> failures in its window is refused until the window ends, so a token's secret cannot
/// be guessed online, from one address or from many. The table is bounded: past <see cref="MaxKeys"/> live keys, new
/// ones are not tracked (the per-token count still holds for a spread-out attack on one token).
/// </summary>
public sealed class AuthThrottle(TimeProvider time)
{
    public const int MaxFailures = 20;
    public const int MaxKeys = 100_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Failures)> _windows = new(StringComparer.Ordinal);

    public static string SourceKey(string? address) => "source:" + (address ?? "?");

    public static string TokenKey(string id) => "token:" + id;

    public bool IsBlocked(string key)
    {
        lock (_lock)
        {
            return _windows.TryGetValue(key, out var window) && time.GetUtcNow() - window.Start < Window && window.Failures >= MaxFailures;
        }
    }

    public void Fail(string key)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_windows.TryGetValue(key, out var window) && now - window.Start < Window)
            {
                _windows[key] = (window.Start, window.Failures + 1);
                return;
            }
            if (_windows.Count >= MaxKeys)
            {
                foreach (var expired in _windows.Where(w => now - w.Value.Start >= Window).Select(w => w.Key).ToList())
                {
                    _windows.Remove(expired);
                }
                if (_windows.Count >= MaxKeys)
                {
                    return;
                }
            }
            _windows[key] = (now, 1);
        }
    }
}
