using System.Globalization;

namespace Ashiato.Events.Jsonl;

/// <summary>The contract's timestamp: ISO 8601, UTC, <c>Z</c> suffix, microsecond precision.</summary>
public static class TraceTimestamp
{
    public const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    public static string ToWire(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryFormat(DateTimeOffset timestamp, Span<byte> utf8, out int written) =>
        timestamp.UtcDateTime.TryFormat(utf8, out written, Format, CultureInfo.InvariantCulture);
}
