using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Support;

[Trait("Category", "kernel")]
public class IsolatedResolverOverTcpTests
{
    [Fact]
    public async Task Glibc_with_use_vc_resolves_over_TCP_only()
    {
        await using IsolatedResolver resolver = IsolatedResolver.Start(TestZone.Create(), new IsolatedResolverOptions { UseTcp = true });

        CommandResult result = await resolver.RunAsync(DnsClients.GetentAhosts("www.chain.test"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["127.0.20.1", "2001:db8::20"], IsolatedResolverTests.AddressesOf(result.Stdout));
        Assert.Contains(resolver.Responder.Queries, q => q is { Name: "www.chain.test", Type: DnsRecordType.A });
        Assert.All(resolver.Responder.Queries, q => Assert.Equal(DnsTransport.Tcp, q.Transport));
    }

    [Fact]
    public async Task Two_sandboxes_run_side_by_side_each_with_its_own_port_53()
    {
        await using IsolatedResolver first = IsolatedResolver.Start(new DnsZone().AddA("who.test", "127.0.40.1"));
        await using IsolatedResolver second = IsolatedResolver.Start(new DnsZone().AddA("who.test", "127.0.40.2"), new IsolatedResolverOptions { CompressReplies = false });

        CommandResult fromFirst = await first.RunAsync(DnsClients.PythonGetaddrinfo("who.test"));
        CommandResult fromSecond = await second.RunAsync(DnsClients.PythonGetaddrinfo("who.test"));

        Assert.Equal(["127.0.40.1"], IsolatedResolverTests.Lines(fromFirst.Stdout));
        Assert.Equal(["127.0.40.2"], IsolatedResolverTests.Lines(fromSecond.Stdout));
        Assert.Single(first.Responder.Queries, q => q.Type == DnsRecordType.A);
        Assert.Single(second.Responder.Queries, q => q.Type == DnsRecordType.A);
    }
}
