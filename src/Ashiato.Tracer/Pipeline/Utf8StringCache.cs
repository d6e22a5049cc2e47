using System.Text;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// Gives the same string instance for the same UTF-8 bytes. A job repeats a few strings in nearly every record
/// (command names, working directories, the headers every compiler opens), and making a new string for each was
/// most of what the pipeline allocated. Bounded: when full it starts over, so a job of unique paths costs one
/// extra lookup per string and no growth. Not thread-safe: the decode stage owns one.
/// </summary>
public sealed class Utf8StringCache
{
    /// <summary>Longer strings are rare and seldom repeat: they are decoded without a lookup.</summary>
    public const int MaxCachedChars = 512;

    private readonly HashSet<string> _strings;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _capacity;

    public Utf8StringCache(int capacity = 8192)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _strings = new HashSet<string>(StringComparer.Ordinal);
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _strings.Count;

    /// <summary>The text of <paramref name="utf8"/> (invalid sequences become U+FFFD, as Encoding.UTF8 does).</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }
        if (utf8.Length > MaxCachedChars)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        // UTF-8 never needs more UTF-16 units than it has bytes; sized to fit, since a stackalloc is zeroed per call.
        Span<char> chars = stackalloc char[utf8.Length];
        var text = chars[..Encoding.UTF8.GetChars(utf8, chars)];
        if (_lookup.TryGetValue(text, out var cached))
        {
            return cached;
        }
        if (_strings.Count >= _capacity)
        {
            _strings.Clear();
        }
        var created = new string(text);
        _strings.Add(created);
        return created;
    }
}
