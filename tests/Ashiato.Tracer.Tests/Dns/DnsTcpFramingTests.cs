using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Dns;

[Trait("Category", "unit")]
public class DnsTcpFramingTests
{
    [Fact]
    public void A_framed_query_unframes_to_the_message()
    {
        byte[] stream = [0x00, (byte)GoldenPackets.QueryA.Length, .. GoldenPackets.QueryA];

        DnsTcpFrameStatus status = DnsTcpFraming.ReadFrame(stream, out ReadOnlySpan<byte> message, out int consumed);

        Assert.Equal(DnsTcpFrameStatus.Complete, status);
        Assert.Equal(stream.Length, consumed);
        Assert.Equal("example.com", DnsMessageParser.Parse(message).Message!.Question!.Name);
    }

    [Fact]
    public void Two_queries_in_one_write_are_read_one_after_the_other()
    {
        byte[] stream =
        [
            0x00, (byte)GoldenPackets.QueryA.Length, .. GoldenPackets.QueryA,
            0x00, (byte)GoldenPackets.QueryAaaa.Length, .. GoldenPackets.QueryAaaa,
        ];

        DnsTcpFraming.ReadFrame(stream, out ReadOnlySpan<byte> first, out int consumed);
        DnsTcpFrameStatus status = DnsTcpFraming.ReadFrame(stream.AsSpan(consumed), out ReadOnlySpan<byte> second, out int consumedSecond);

        Assert.Equal("example.com", DnsMessageParser.Parse(first).Message!.Question!.Name);
        Assert.Equal(DnsTcpFrameStatus.Complete, status);
        Assert.Equal("ipv6.test", DnsMessageParser.Parse(second).Message!.Question!.Name);
        Assert.Equal(stream.Length, consumed + consumedSecond);
    }

    [Fact]
    public void A_capture_cut_inside_the_message_is_partial_and_keeps_what_is_there()
    {
        byte[] stream = [0x02, 0x00, .. GoldenPackets.CompressedReplyA];

        DnsTcpFrameStatus status = DnsTcpFraming.ReadFrame(stream, out ReadOnlySpan<byte> message, out _);

        Assert.Equal(DnsTcpFrameStatus.Partial, status);
        Assert.Equal(GoldenPackets.CompressedReplyA.Length, message.Length);
        Assert.Equal(2, DnsMessageParser.Parse(message).Message!.Answers.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Less_than_a_length_prefix_is_reported(int length)
    {
        byte[] stream = new byte[length];

        Assert.Equal(DnsTcpFrameStatus.NoLengthPrefix, DnsTcpFraming.ReadFrame(stream, out _, out int consumed));
        Assert.Equal(0, consumed);
    }
}
