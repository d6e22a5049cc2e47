using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Dns;

[Trait("Category", "unit")]
public class DnsTcpStreamReassemblerTests
{
    private readonly DnsTcpStreamReassembler _stream = new();
    private readonly List<DnsTcpMessage> _messages = [];

    [Fact]
    public void A_length_read_then_a_message_read_make_one_message_as_glibc_reads_replies()
    {
        byte[] reply = GoldenPackets.CompressedReplyA;

        FeedWhole([0x00, (byte)reply.Length]);
        Assert.Empty(_messages);
        FeedWhole(reply);

        DnsTcpMessage message = Assert.Single(_messages);
        Assert.True(message.IsComplete);
        Assert.Equal(reply, message.Bytes);
        Assert.Equal(2, DnsMessageParser.Parse(message.Bytes).Message!.Answers.Count);
    }

    [Fact]
    public void One_writev_with_two_framed_queries_gives_both_as_glibc_sends_A_and_AAAA()
    {
        FeedWhole(
        [
            0x00, (byte)GoldenPackets.QueryA.Length, .. GoldenPackets.QueryA,
            0x00, (byte)GoldenPackets.QueryAaaa.Length, .. GoldenPackets.QueryAaaa,
        ]);

        Assert.Equal([GoldenPackets.QueryA, GoldenPackets.QueryAaaa], _messages.Select(m => m.Bytes));
        Assert.All(_messages, m => Assert.True(m.IsComplete));
    }

    [Fact]
    public void Feeding_one_byte_at_a_time_gives_the_same_messages()
    {
        byte[] stream = [0x00, (byte)GoldenPackets.QueryA.Length, .. GoldenPackets.QueryA, 0x00, 0x00];

        foreach (byte b in stream)
        {
            FeedWhole([b]);
        }

        Assert.Equal([GoldenPackets.QueryA, []], _messages.Select(m => m.Bytes));
    }

    [Fact]
    public void A_message_read_beyond_the_capture_window_is_partial_and_the_next_one_stays_aligned()
    {
        byte[] big = new byte[600];
        GoldenPackets.CnameChainReply.CopyTo(big, 0);

        FeedWhole([0x02, 0x58]);
        _stream.Feed(big.AsSpan(0, 512), 600, _messages);
        FeedWhole([0x00, (byte)GoldenPackets.QueryA.Length, .. GoldenPackets.QueryA]);

        Assert.Equal(2, _messages.Count);
        Assert.False(_messages[0].IsComplete);
        Assert.Equal(600, _messages[0].DeclaredLength);
        Assert.Equal(big[..512], _messages[0].Bytes);
        Assert.True(_messages[1].IsComplete);
        Assert.Equal(GoldenPackets.QueryA, _messages[1].Bytes);
        Assert.False(_stream.IsLost);
    }

    [Fact]
    public void A_gap_that_hides_the_next_length_prefix_gives_the_stream_up()
    {
        byte[] write = [0x02, 0x58, .. new byte[600], 0x00, (byte)GoldenPackets.QueryA.Length, .. GoldenPackets.QueryA];

        _stream.Feed(write.AsSpan(0, 512), write.Length, _messages);
        FeedWhole([0x00, (byte)GoldenPackets.QueryA.Length, .. GoldenPackets.QueryA]);

        DnsTcpMessage partial = Assert.Single(_messages);
        Assert.Equal((510, 600, false), (partial.Bytes.Length, partial.DeclaredLength, partial.IsComplete));
        Assert.True(_stream.IsLost);
    }

    private void FeedWhole(byte[] data) => _stream.Feed(data, data.Length, _messages);
}
