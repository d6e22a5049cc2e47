namespace Ashiato.Tracer.Tests.Support;

/// <summary>The zone the sandbox tests resolve against. A records are loopback; AAAA records are documentation
/// addresses that nothing connects to (and that the sandbox could not route anyway).</summary>
internal static class TestZone
{
    public static DnsZone Create() => new DnsZone()
        .AddA("plain.test", "127.0.10.1", "127.0.10.2")
        .AddAaaa("plain.test", "2001:db8::10")
        .AddCname("www.chain.test", "edge.chain.test")
        .AddCname("edge.chain.test", "lb.chain.test")
        .AddA("lb.chain.test", "127.0.20.1")
        .AddAaaa("lb.chain.test", "2001:db8::20")
        .AddMalformed("broken.test")
        .AddA("big.test", "127.0.30.1")
        .TruncateOverUdp("big.test");
}
