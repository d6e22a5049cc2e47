using System.Buffers.Binary;

namespace Ashiato.Tracer.Dns;

/// <summary>DNS over TCP puts a 2-byte big-endian length before each message (RFC 1035 §4.2.2, RFC 7766).</summary>
public static class DnsTcpFraming
{
    public const int LengthPrefixSize = 2;

    /// <summary>
    /// Reads the first frame of <paramref name="stream"/>. <paramref name="message"/> is the message, or as much of it
    /// as is present when <see cref="DnsTcpFrameStatus.Partial"/>; <paramref name="consumed"/> is where the next frame
    /// starts (clients may send the A and AAAA queries in one write).
    /// </summary>
    public static DnsTcpFrameStatus ReadFrame(ReadOnlySpan<byte> stream, out ReadOnlySpan<byte> message, out int consumed)
    {
        if (stream.Length < LengthPrefixSize)
        {
            message = default;
            consumed = 0;
            return DnsTcpFrameStatus.NoLengthPrefix;
        }

        int declared = BinaryPrimitives.ReadUInt16BigEndian(stream);
        int available = stream.Length - LengthPrefixSize;
        if (available < declared)
        {
            message = stream[LengthPrefixSize..];
            consumed = stream.Length;
            return DnsTcpFrameStatus.Partial;
        }

        message = stream.Slice(LengthPrefixSize, declared);
        consumed = LengthPrefixSize + declared;
        return DnsTcpFrameStatus.Complete;
    }
}
