using System.Buffers.Binary;
using System.Net;

namespace Ashiato.Tracer.Dns;

/// <summary>
/// Parses DNS messages in RFC 1035 wire format, as captured from a socket (UDP payload, or a TCP payload after
/// <see cref="DnsTcpFraming"/>). Pure and allocation-light; never throws on malformed input.
/// </summary>
public static class DnsMessageParser
{
    private const ushort ClassInternet = 1;

    // TYPE, CLASS, TTL, RDLENGTH after the owner name.
    private const int RecordFixedLength = 10;

    // QTYPE, QCLASS after the name.
    private const int QuestionFixedLength = 4;

    public static DnsParseResult Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < DnsHeader.Length)
        {
            return new DnsParseResult(null, DnsParseError.ShorterThanHeader);
        }

        var header = DnsHeader.Read(packet);
        int offset = DnsHeader.Length;

        var questions = new List<DnsQuestion>(Math.Min((int)header.QuestionCount, 4));
        for (int i = 0; i < header.QuestionCount; i++)
        {
            DnsParseError error = ReadQuestion(packet, ref offset, out DnsQuestion? question);
            if (error != DnsParseError.None)
            {
                return new DnsParseResult(null, error);
            }

            questions.Add(question!);
        }

        var answers = new List<DnsResourceRecord>(Math.Min((int)header.AnswerCount, 16));
        var message = new DnsMessage(header, questions, answers);
        for (int i = 0; i < header.AnswerCount; i++)
        {
            DnsParseError error = ReadRecord(packet, ref offset, out DnsResourceRecord? record);
            if (error != DnsParseError.None)
            {
                return new DnsParseResult(message, error);
            }

            answers.Add(record!);
        }

        return new DnsParseResult(message, DnsParseError.None);
    }

    private static DnsParseError ReadQuestion(ReadOnlySpan<byte> packet, ref int offset, out DnsQuestion? question)
    {
        question = null;
        DnsParseError error = DnsNameReader.TryRead(packet, ref offset, out string name);
        if (error != DnsParseError.None)
        {
            return error;
        }

        if (packet.Length - offset < QuestionFixedLength)
        {
            return DnsParseError.Truncated;
        }

        question = new DnsQuestion(
            name,
            (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]),
            BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]));
        offset += QuestionFixedLength;
        return DnsParseError.None;
    }

    private static DnsParseError ReadRecord(ReadOnlySpan<byte> packet, ref int offset, out DnsResourceRecord? record)
    {
        record = null;
        DnsParseError error = DnsNameReader.TryRead(packet, ref offset, out string owner);
        if (error != DnsParseError.None)
        {
            return error;
        }

        if (packet.Length - offset < RecordFixedLength)
        {
            return DnsParseError.Truncated;
        }

        var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
        ushort recordClass = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
        uint ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]);
        int dataLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 8)..]);
        int dataStart = offset + RecordFixedLength;
        if (packet.Length - dataStart < dataLength)
        {
            return DnsParseError.Truncated;
        }

        ReadOnlySpan<byte> data = packet.Slice(dataStart, dataLength);
        IPAddress? address = null;
        string? target = null;
        switch (type)
        {
            case DnsRecordType.A when recordClass == ClassInternet:
            case DnsRecordType.AAAA when recordClass == ClassInternet:
                int expected = type == DnsRecordType.A ? 4 : 16;
                if (data.Length != expected)
                {
                    return DnsParseError.BadRecordData;
                }

                address = new IPAddress(data);
                break;
            case DnsRecordType.CNAME:
                // The target may point back into the packet, so read it against the whole packet, then check it
                // ended exactly where RDLENGTH says.
                int nameOffset = dataStart;
                error = DnsNameReader.TryRead(packet[..(dataStart + dataLength)], ref nameOffset, out string cname);
                if (error == DnsParseError.Truncated || (error == DnsParseError.None && nameOffset != dataStart + dataLength))
                {
                    return DnsParseError.BadRecordData;
                }

                if (error != DnsParseError.None)
                {
                    return error;
                }

                target = cname;
                break;
        }

        offset = dataStart + dataLength;
        record = new DnsResourceRecord(owner, type, recordClass, ttl, address, target);
        return DnsParseError.None;
    }
}
