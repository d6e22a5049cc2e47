using System.Buffers.Binary;

namespace Ashiato.Tracer.Dns;

/// <summary>The fixed 12-byte DNS header (RFC 1035 §4.1.1).</summary>
public readonly record struct DnsHeader(
    ushort Id,
    bool IsResponse,
    byte Opcode,
    bool IsAuthoritative,
    bool IsTruncated,
    bool RecursionDesired,
    bool RecursionAvailable,
    DnsResponseCode ResponseCode,
    ushort QuestionCount,
    ushort AnswerCount,
    ushort AuthorityCount,
    ushort AdditionalCount)
{
    public const int Length = 12;

    /// <summary>Reads the header from the first 12 bytes; the caller checks the length.</summary>
    internal static DnsHeader Read(ReadOnlySpan<byte> packet)
    {
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        return new DnsHeader(
            Id: BinaryPrimitives.ReadUInt16BigEndian(packet),
            IsResponse: (flags & 0x8000) != 0,
            Opcode: (byte)((flags >> 11) & 0xF),
            IsAuthoritative: (flags & 0x0400) != 0,
            IsTruncated: (flags & 0x0200) != 0,
            RecursionDesired: (flags & 0x0100) != 0,
            RecursionAvailable: (flags & 0x0080) != 0,
            ResponseCode: (DnsResponseCode)(flags & 0xF),
            QuestionCount: BinaryPrimitives.ReadUInt16BigEndian(packet[4..]),
            AnswerCount: BinaryPrimitives.ReadUInt16BigEndian(packet[6..]),
            AuthorityCount: BinaryPrimitives.ReadUInt16BigEndian(packet[8..]),
            AdditionalCount: BinaryPrimitives.ReadUInt16BigEndian(packet[10..]));
    }
}
