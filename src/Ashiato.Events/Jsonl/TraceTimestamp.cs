using System.Globalization;

namespace Ashiato.Events.Jsonl;

/// <summary>The contract's timestamp: ISO 8601, UTC, <c>Z</c> suffix, microsecond precision.</summary>
public static class TraceTimestamp
{
    public const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    public static string ToWire(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The length of every formatted timestamp.</summary>
    public const int Length = 27;

    /// <summary>
    /// Formats without a format string: this runs once per event on the tracer's hot path, where parsing a custom
    /// format each time cost more than the rest of the line.
    /// </summary>
    public static void FormatUtf8(DateTimeOffset timestamp, Span<byte> utf8)
    {
        var time = timestamp.UtcDateTime;
        Digits(utf8[..4], time.Year);
        utf8[4] = (byte)'-';
        Digits(utf8.Slice(5, 2), time.Month);
        utf8[7] = (byte)'-';
        Digits(utf8.Slice(8, 2), time.Day);
        utf8[10] = (byte)'T';
        Digits(utf8.Slice(11, 2), time.Hour);
        utf8[13] = (byte)':';
        Digits(utf8.Slice(14, 2), time.Minute);
        utf8[16] = (byte)':';
        Digits(utf8.Slice(17, 2), time.Second);
        utf8[19] = (byte)'.';
        Digits(utf8.Slice(20, 6), (int)(time.Ticks % TimeSpan.TicksPerSecond / 10));
        utf8[26] = (byte)'Z';
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
