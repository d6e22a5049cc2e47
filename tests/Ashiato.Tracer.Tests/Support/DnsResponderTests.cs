using System.Net;
using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>The responder on its own, on a free port of the host's loopback (no namespace needed).</summary>
[Trait("Category", "kernel")]
public class DnsResponderTests
{
    [Fact]
    public async Task Answers_UDP_and_TCP_on_the_same_free_port()
    {
        await using DnsResponder responder = DnsResponder.Start(TestZone.Create(), new IPEndPoint(IPAddress.Loopback, 0));
        int port = responder.Endpoint.Port;

        CommandResult udp = await CommandRunner.RunAsync(DnsClients.RawSendto("plain.test", (int)DnsRecordType.A, port: port), TimeSpan.FromSeconds(30));
        CommandResult tcp = await CommandRunner.RunAsync(DnsClients.Tcp("lb.chain.test", (int)DnsRecordType.A, port: port), TimeSpan.FromSeconds(30));

        Assert.NotEqual(53, port);
        Assert.Equal(2, IsolatedResolverTests.ParseHexReply(udp.Stdout).Answers.Count);
        Assert.Equal(IPAddress.Parse("127.0.20.1"), Assert.Single(IsolatedResolverTests.ParseHexReply(tcp.Stdout).Answers).Address);
        Assert.Equal(
            [("plain.test", DnsTransport.Udp), ("lb.chain.test", DnsTransport.Tcp)],
            responder.Queries.Select(q => (q.Name, q.Transport)));
    }

    [Fact]
    public async Task Compression_can_be_turned_off_and_both_replies_read_the_same()
    {
        await using DnsResponder compressed = DnsResponder.Start(TestZone.Create(), new IPEndPoint(IPAddress.Loopback, 0));
        await using DnsResponder plain = DnsResponder.Start(TestZone.Create(), new IPEndPoint(IPAddress.Loopback, 0), compress: false);

        byte[] compressedReply = await QueryAsync(compressed, "www.chain.test");
        byte[] plainReply = await QueryAsync(plain, "www.chain.test");

        // The question name is written once when answers point back to it, and again in the first answer otherwise.
        byte[] wireName = [3, .. "www"u8, 5, .. "chain"u8, 4, .. "test"u8, 0];
        Assert.Equal(1, Occurrences(compressedReply, wireName));
        Assert.Equal(2, Occurrences(plainReply, wireName));
        Assert.Equal(
            DnsCnameChain.Resolve(DnsMessageParser.Parse(compressedReply).Message!)!.Addresses,
            DnsCnameChain.Resolve(DnsMessageParser.Parse(plainReply).Message!)!.Addresses);
    }

    private static async Task<byte[]> QueryAsync(DnsResponder responder, string name)
    {
        CommandResult result = await CommandRunner.RunAsync(
            DnsClients.RawSendto(name, (int)DnsRecordType.A, port: responder.Endpoint.Port), TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        return Convert.FromHexString(result.Stdout.Trim());
    }

    private static int Occurrences(byte[] haystack, byte[] needle)
    {
        int count = 0;
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                count++;
            }
        }

        return count;
    }
}
