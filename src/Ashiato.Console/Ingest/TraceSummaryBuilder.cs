using System.Globalization;
using System.Text.Json;
using Ashiato.Web.Storage;

namespace Ashiato.Web.Ingest;

/// <summary>Accumulates the jobs-list figures of a trace from its lines (already validated), in one pass.</summary>
public sealed class TraceSummaryBuilder
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _events;
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;
    private long _dropped;
    private long _truncations;
    private bool _final;

    public void Add(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        string? type = null;
        DateTimeOffset? timestamp = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                timestamp = ParseTimestamp(reader.GetString());
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        type ??= "unknown";
        _events++;
        _counts[type] = _counts.GetValueOrDefault(type) + 1;
        if (timestamp is { } t)
        {
            _first = _first is { } f && f <= t ? f : t;
            _last = _last is { } l && l >= t ? l : t;
        }
        if (type == "tracer_stats")
        {
            ReadStats(utf8);
        }
    }

    public TraceSummary Build(long bytes) => new()
    {
        Bytes = bytes,
        Events = _events,
        Counts = _counts,
        StartedAt = _first,
        EndedAt = _last,
        Dropped = _dropped,
        Truncations = _truncations,
        EndedCleanly = _final,
    };

    // Counters in tracer_stats are running totals: the last line holds the figures for the whole trace.
    private void ReadStats(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        using var stats = JsonDocument.ParseValue(ref reader);
        var root = stats.RootElement;
        _dropped = root.TryGetProperty("dropped_total", out var dropped) && dropped.TryGetInt64(out var d) ? d : _dropped;
        if (root.TryGetProperty("truncated", out var truncated) && truncated.ValueKind == JsonValueKind.Object)
        {
            _truncations = truncated.EnumerateObject().Sum(p => p.Value.TryGetInt64(out var n) ? n : 0);
        }
        _final = root.TryGetProperty("final", out var final) && final.ValueKind == JsonValueKind.True;
    }

    public static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUniversalTime() : null;
}
