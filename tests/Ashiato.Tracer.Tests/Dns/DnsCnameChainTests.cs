using System.Net;
using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Dns;

[Trait("Category", "unit")]
public class DnsCnameChainTests
{
    private static readonly DnsHeader ReplyHeader = new(1, true, 0, false, false, true, true, DnsResponseCode.NOERROR, 1, 0, 0, 0);

    [Fact]
    public void Follows_a_golden_CNAME_chain_to_its_addresses()
    {
        DnsMessage reply = DnsMessageParser.Parse(GoldenPackets.CnameChainReply).Message!;

        DnsResolution resolution = DnsCnameChain.Resolve(reply)!;

        Assert.Equal("www.example.com", resolution.QueriedName);
        Assert.Equal(["www.example.com", "edge.example.com", "lb.example.com"], resolution.NameChain);
        Assert.Equal("lb.example.com", resolution.CanonicalName);
        Assert.Equal([IPAddress.Parse("10.1.2.3")], resolution.Addresses);
    }

    [Fact]
    public void Without_CNAMEs_the_addresses_of_the_question_name_are_returned()
    {
        DnsMessage reply = DnsMessageParser.Parse(GoldenPackets.CompressedReplyA).Message!;

        DnsResolution resolution = DnsCnameChain.Resolve(reply)!;

        Assert.Equal(["example.com"], resolution.NameChain);
        Assert.Equal([IPAddress.Parse("93.184.216.34"), IPAddress.Parse("93.184.216.35")], resolution.Addresses);
    }

    [Fact]
    public void Records_out_of_order_and_in_other_case_still_chain_and_stray_addresses_are_ignored()
    {
        var reply = new DnsMessage(
            ReplyHeader,
            [new DnsQuestion("WWW.Example.test", DnsRecordType.AAAA, 1)],
            [
                new DnsResourceRecord("other.test", DnsRecordType.A, 1, 60, IPAddress.Parse("192.0.2.99")),
                new DnsResourceRecord("cdn.example.test", DnsRecordType.AAAA, 1, 60, IPAddress.Parse("2001:db8::5")),
                new DnsResourceRecord("www.example.test", DnsRecordType.CNAME, 1, 60, Target: "CDN.example.test"),
                new DnsResourceRecord("cdn.example.test", DnsRecordType.AAAA, 1, 60, IPAddress.Parse("2001:db8::5")),
                new DnsResourceRecord("cdn.example.test", DnsRecordType.A, 1, 60, IPAddress.Parse("192.0.2.5")),
            ]);

        DnsResolution resolution = DnsCnameChain.Resolve(reply)!;

        Assert.Equal(["WWW.Example.test", "CDN.example.test"], resolution.NameChain);
        Assert.Equal([IPAddress.Parse("2001:db8::5"), IPAddress.Parse("192.0.2.5")], resolution.Addresses);
    }

    [Fact]
    public void A_CNAME_loop_ends_without_addresses()
    {
        var reply = new DnsMessage(
            ReplyHeader,
            [new DnsQuestion("a.test", DnsRecordType.A, 1)],
            [
                new DnsResourceRecord("a.test", DnsRecordType.CNAME, 1, 60, Target: "b.test"),
                new DnsResourceRecord("b.test", DnsRecordType.CNAME, 1, 60, Target: "a.test"),
                new DnsResourceRecord("a.test", DnsRecordType.A, 1, 60, IPAddress.Parse("192.0.2.1")),
            ]);

        DnsResolution resolution = DnsCnameChain.Resolve(reply)!;

        Assert.Equal(["a.test", "b.test"], resolution.NameChain);
        Assert.Empty(resolution.Addresses);
    }

    [Fact]
    public void NXDOMAIN_resolves_to_no_addresses_and_a_message_without_question_to_nothing()
    {
        DnsMessage nx = DnsMessageParser.Parse(GoldenPackets.NxDomainReply).Message!;

        Assert.Empty(DnsCnameChain.Resolve(nx)!.Addresses);
        Assert.Null(DnsCnameChain.Resolve(new DnsMessage(ReplyHeader with { QuestionCount = 0 }, [], [])));
    }
}
