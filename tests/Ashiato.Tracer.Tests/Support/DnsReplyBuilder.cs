using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>Builds the responder's reply to one query from the zone.</summary>
internal static class DnsReplyBuilder
{
    private const int ClassicUdpLimit = 512;

    public static byte[] Build(DnsMessage query, DnsZone zone, DnsTransport transport, bool compress)
    {
        DnsQuestion question = query.Question!;
        ZoneAnswer answer = zone.Answer(question.Name, question.Type, transport);
        byte[] reply = Write(query, question, answer, compress);
        if (transport == DnsTransport.Udp && reply.Length > ClassicUdpLimit)
        {
            reply = Write(query, question, answer with { Kind = ZoneAnswerKind.Truncated }, compress);
        }

        return reply;
    }

    private static byte[] Write(DnsMessage query, DnsQuestion question, ZoneAnswer answer, bool compress)
    {
        var writer = new DnsWireWriter(compress);
        IReadOnlyList<DnsResourceRecord> records = answer.Kind == ZoneAnswerKind.Records ? answer.Records : [];
        int answerCount = answer.Kind == ZoneAnswerKind.Malformed ? 1 : records.Count;

        writer.WriteUInt16(query.Header.Id);
        int flags = 0x8000 | (query.Header.Opcode << 11) | 0x0400 | 0x0080 | (int)answer.ResponseCode;
        flags |= query.Header.RecursionDesired ? 0x0100 : 0;
        flags |= answer.Kind == ZoneAnswerKind.Truncated ? 0x0200 : 0;
        writer.WriteUInt16((ushort)flags);
        writer.WriteUInt16(1);
        writer.WriteUInt16((ushort)answerCount);
        writer.WriteUInt16(0);
        writer.WriteUInt16(0);

        writer.WriteName(question.Name);
        writer.WriteUInt16((ushort)question.Type);
        writer.WriteUInt16(question.Class);

        if (answer.Kind == ZoneAnswerKind.Malformed)
        {
            // An owner name that is a pointer to itself: a loop every careful parser must refuse.
            int self = writer.Position;
            writer.WriteUInt16((ushort)(0xC000 | self));
            writer.WriteUInt16((ushort)DnsRecordType.A);
            writer.WriteUInt16(1);
            writer.WriteUInt32(60);
            writer.WriteUInt16(4);
            writer.WriteBytes([127, 0, 0, 99]);
        }

        foreach (DnsResourceRecord record in records)
        {
            writer.WriteName(record.Name);
            writer.WriteUInt16((ushort)record.Type);
            writer.WriteUInt16(record.Class);
            writer.WriteUInt32(record.TimeToLive);
            int lengthAt = writer.Position;
            writer.WriteUInt16(0);
            int dataStart = writer.Position;
            if (record.Address is { } address)
            {
                writer.WriteBytes(address.GetAddressBytes());
            }
            else if (record.Target is { } target)
            {
                writer.WriteName(target);
            }

            writer.PatchUInt16(lengthAt, (ushort)(writer.Position - dataStart));
        }

        return writer.ToArray();
    }
}
