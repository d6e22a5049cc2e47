using System.Net;
using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Dns;

[Trait("Category", "unit")]
public class DnsMessageParserTests
{
    [Fact]
    public void Reads_a_simple_A_query()
    {
        DnsParseResult result = DnsMessageParser.Parse(GoldenPackets.QueryA);

        Assert.True(result.IsComplete);
        DnsMessage message = result.Message!;
        Assert.Equal(0xBEEF, message.Header.Id);
        Assert.False(message.Header.IsResponse);
        Assert.True(message.Header.RecursionDesired);
        Assert.Equal(0, message.Header.Opcode);
        Assert.Equal(new DnsQuestion("example.com", DnsRecordType.A, 1), message.Question);
        Assert.Empty(message.Answers);
    }

    [Fact]
    public void Reads_an_AAAA_query()
    {
        DnsMessage message = DnsMessageParser.Parse(GoldenPackets.QueryAaaa).Message!;

        Assert.Equal("ipv6.test", message.Question!.Name);
        Assert.Equal(DnsRecordType.AAAA, message.Question.Type);
    }

    [Fact]
    public void Reads_answers_whose_names_are_compression_pointers()
    {
        DnsParseResult result = DnsMessageParser.Parse(GoldenPackets.CompressedReplyA);

        Assert.True(result.IsComplete);
        DnsMessage message = result.Message!;
        Assert.True(message.Header.IsResponse);
        Assert.True(message.Header.RecursionAvailable);
        Assert.Equal(DnsResponseCode.NOERROR, message.Header.ResponseCode);
        Assert.Equal(
            [
                new DnsResourceRecord("example.com", DnsRecordType.A, 1, 3600, IPAddress.Parse("93.184.216.34")),
                new DnsResourceRecord("example.com", DnsRecordType.A, 1, 3600, IPAddress.Parse("93.184.216.35")),
            ],
            message.Answers);
    }

    [Fact]
    public void Reads_an_uncompressed_AAAA_answer()
    {
        DnsMessage message = DnsMessageParser.Parse(GoldenPackets.UncompressedReplyAaaa).Message!;

        DnsResourceRecord answer = Assert.Single(message.Answers);
        Assert.Equal("ipv6.test", answer.Name);
        Assert.Equal(DnsRecordType.AAAA, answer.Type);
        Assert.Equal(60u, answer.TimeToLive);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), answer.Address);
    }

    [Fact]
    public void Reads_a_CNAME_chain_built_from_pointers_to_pointers()
    {
        DnsMessage message = DnsMessageParser.Parse(GoldenPackets.CnameChainReply).Message!;

        Assert.Equal(
            [
                new DnsResourceRecord("www.example.com", DnsRecordType.CNAME, 1, 300, Target: "edge.example.com"),
                new DnsResourceRecord("edge.example.com", DnsRecordType.CNAME, 1, 60, Target: "lb.example.com"),
                new DnsResourceRecord("lb.example.com", DnsRecordType.A, 1, 60, IPAddress.Parse("10.1.2.3")),
            ],
            message.Answers);
    }

    [Fact]
    public void Reads_NXDOMAIN()
    {
        DnsParseResult result = DnsMessageParser.Parse(GoldenPackets.NxDomainReply);

        Assert.True(result.IsComplete);
        Assert.Equal(DnsResponseCode.NXDOMAIN, result.Message!.Header.ResponseCode);
        Assert.Equal("nope.test", result.Message.Question!.Name);
        Assert.Empty(result.Message.Answers);
    }

    [Fact]
    public void Every_cut_of_a_reply_reports_truncation_and_keeps_the_records_before_the_cut()
    {
        byte[] packet = GoldenPackets.CnameChainReply;
        for (int length = 0; length < packet.Length; length++)
        {
            DnsParseResult result = DnsMessageParser.Parse(packet.AsSpan(0, length));

            if (length < 12)
            {
                Assert.Equal(new DnsParseResult(null, DnsParseError.ShorterThanHeader), result);
            }
            else if (length < 33)
            {
                Assert.Equal(new DnsParseResult(null, DnsParseError.Truncated), result);
            }
            else
            {
                Assert.Equal(DnsParseError.Truncated, result.Error);
                Assert.Equal("www.example.com", result.Message!.Question!.Name);
                int expectedAnswers = length < 52 ? 0 : length < 69 ? 1 : 2;
                Assert.Equal(expectedAnswers, result.Message.Answers.Count);
            }
        }

        Assert.True(DnsMessageParser.Parse(packet).IsComplete);
    }

    [Fact]
    public void A_pointer_to_itself_is_rejected()
    {
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01);

        Assert.Equal(DnsParseError.BadCompressionPointer, DnsMessageParser.Parse(packet).Error);
    }

    [Fact]
    public void Two_pointers_pointing_at_each_other_are_rejected()
    {
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0xC0, 0x0E, 0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01);

        Assert.Equal(DnsParseError.BadCompressionPointer, DnsMessageParser.Parse(packet).Error);
    }

    [Fact]
    public void A_label_that_points_back_to_its_own_name_is_rejected()
    {
        // "a" then a pointer to the start of the same name: a loop that grows the name forever.
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            1, "a", 0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01);

        Assert.Equal(DnsParseError.BadCompressionPointer, DnsMessageParser.Parse(packet).Error);
    }

    [Fact]
    public void An_answer_pointer_into_the_middle_of_its_own_labels_is_rejected()
    {
        // The answer's owner starts at 29 with the label "x", then points at 30: inside itself.
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
            7, "example", 3, "com", 0, 0x00, 0x01, 0x00, 0x01,
            1, "x", 0xC0, 0x1E, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x04, 1, 2, 3, 4);

        DnsParseResult result = DnsMessageParser.Parse(packet);

        Assert.Equal(DnsParseError.BadCompressionPointer, result.Error);
        Assert.Equal("example.com", result.Message!.Question!.Name);
        Assert.Empty(result.Message.Answers);
    }

    [Fact]
    public void A_pointer_past_the_end_is_rejected()
    {
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0xFF, 0xFF, 0x00, 0x01, 0x00, 0x01);

        Assert.Equal(DnsParseError.BadCompressionPointer, DnsMessageParser.Parse(packet).Error);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(0x7F)]
    [InlineData(0x80)]
    [InlineData(0xBF)]
    public void A_label_length_over_63_is_rejected(int lengthByte)
    {
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            lengthByte, new string('a', 64), 0, 0x00, 0x01, 0x00, 0x01);

        Assert.Equal(DnsParseError.LabelTooLong, DnsMessageParser.Parse(packet).Error);
    }

    [Fact]
    public void A_name_of_exactly_255_bytes_is_read_and_one_of_257_is_rejected()
    {
        string label63 = new('a', 63);
        byte[] longest = PacketBytes.Of(
            0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            63, label63, 63, label63, 63, label63, 61, new string('b', 61), 0, 0x00, 0x01, 0x00, 0x01);
        byte[] tooLong = PacketBytes.Of(
            0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            63, label63, 63, label63, 63, label63, 63, label63, 0, 0x00, 0x01, 0x00, 0x01);

        Assert.Equal($"{label63}.{label63}.{label63}.{new string('b', 61)}", DnsMessageParser.Parse(longest).Message!.Question!.Name);
        Assert.Equal(DnsParseError.NameTooLong, DnsMessageParser.Parse(tooLong).Error);
    }

    [Fact]
    public void A_name_made_long_by_pointers_is_rejected()
    {
        // Four 63-byte labels spread over two names: the second name's own label plus the pointer exceed 255.
        string label63 = new('a', 63);
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
            63, label63, 63, label63, 63, label63, 0, 0x00, 0x01, 0x00, 0x01,
            63, label63, 0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x04, 1, 2, 3, 4);

        DnsParseResult result = DnsMessageParser.Parse(packet);

        Assert.Equal(DnsParseError.NameTooLong, result.Error);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public void Unusual_label_bytes_are_escaped_so_the_name_stays_unambiguous()
    {
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            6, 'a', '.', 'b', 0x00, ' ', '\\', 4, "Test", 0, 0x00, 0x01, 0x00, 0x01);

        Assert.Equal(@"a\.b\000\032\\.Test", DnsMessageParser.Parse(packet).Message!.Question!.Name);
    }

    [Fact]
    public void The_root_name_reads_as_a_dot()
    {
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0, 0x00, 0x02, 0x00, 0x01);

        Assert.Equal(new DnsQuestion(".", DnsRecordType.NS, 1), DnsMessageParser.Parse(packet).Message!.Question);
    }

    [Fact]
    public void Records_of_other_types_are_skipped_by_their_length()
    {
        // An MX record (data not decoded), then an A record that must still be read.
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
            1, "m", 0, 0x00, 0xFF, 0x00, 0x01,
            0xC0, 0x0C, 0x00, 0x0F, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x05, 0x00, 0x0A, 1, "x", 0,
            0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x04, 192, 0, 2, 7);

        DnsMessage message = DnsMessageParser.Parse(packet).Message!;

        Assert.Equal(DnsRecordType.ANY, message.Question!.Type);
        Assert.Equal(
            [
                new DnsResourceRecord("m", DnsRecordType.MX, 1, 60),
                new DnsResourceRecord("m", DnsRecordType.A, 1, 60, IPAddress.Parse("192.0.2.7")),
            ],
            message.Answers);
    }

    [Fact]
    public void An_A_record_that_is_not_four_bytes_is_bad_data()
    {
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
            1, "m", 0, 0x00, 0x01, 0x00, 0x01,
            0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x05, 192, 0, 2, 7, 9);

        Assert.Equal(DnsParseError.BadRecordData, DnsMessageParser.Parse(packet).Error);
    }

    [Fact]
    public void A_CNAME_whose_name_runs_past_its_length_is_bad_data()
    {
        // RDLENGTH says 3 but the name "ab" needs 4 bytes.
        byte[] packet = PacketBytes.Of(
            0x00, 0x01, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
            1, "m", 0, 0x00, 0x01, 0x00, 0x01,
            0xC0, 0x0C, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x03, 2, "ab", 0);

        Assert.Equal(DnsParseError.BadRecordData, DnsMessageParser.Parse(packet).Error);
    }

    [Fact]
    public void Plain_text_on_port_53_is_reported_not_thrown()
    {
        byte[] http = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"u8.ToArray();

        DnsParseResult result = DnsMessageParser.Parse(http);

        Assert.False(result.IsComplete);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Random_bytes_and_mutated_packets_never_throw()
    {
        var random = new Random(20261127);
        byte[][] seeds = [GoldenPackets.CnameChainReply, GoldenPackets.CompressedReplyA, GoldenPackets.UncompressedReplyAaaa];
        int complete = 0;
        for (int i = 0; i < 50_000; i++)
        {
            byte[] packet;
            if (i % 2 == 0)
            {
                packet = new byte[random.Next(0, 600)];
                random.NextBytes(packet);
            }
            else
            {
                packet = (byte[])seeds[i % seeds.Length].Clone();
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                {
                    packet[random.Next(packet.Length)] = (byte)random.Next(256);
                }
            }

            DnsParseResult result = DnsMessageParser.Parse(packet);

            if (result.IsComplete)
            {
                complete++;
                Assert.NotNull(result.Message);
                Assert.Equal(result.Message.Header.QuestionCount, result.Message.Questions.Count);
                Assert.Equal(result.Message.Header.AnswerCount, result.Message.Answers.Count);
            }
        }

        // Mutations that hit a TTL or an address leave a valid packet, so some must come through whole.
        Assert.True(complete > 0);
    }
}
