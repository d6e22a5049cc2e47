using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

/// <summary>
/// dns_query and net_connect from real clients, against the test's own DNS responder inside a private network
/// namespace: nothing here reaches the machine's resolver or leaves loopback.
/// </summary>
[Trait("Category", "kernel")]
public sealed class NetworkTests(IsolatedResolverFixture fixture) : IClassFixture<IsolatedResolverFixture>
{
    private readonly IsolatedResolver _resolver = fixture.Resolver;

    private TraceResult TraceInSandbox(IReadOnlyList<string> client) => AshiatoCli.Trace(_resolver.Wrap(client));

    private static int PidOf(TraceResult trace, string comm) =>
        trace.OfType("process_exec").Last(e => e.Str("comm") == comm).Int("pid");

    private static string[] Answers(JsonElement query) =>
        [.. query.GetProperty("answers").EnumerateArray().Select(a => a.GetString()!)];

    [Fact]
    public void Glibc_getaddrinfo_queries_are_attributed_to_the_asking_process_with_answers()
    {
        var trace = TraceInSandbox(DnsClients.GetentAhosts("plain.test"));

        var getent = PidOf(trace, "getent");
        var queries = trace.OfType("dns_query").Where(q => q.Str("hostname") == "plain.test").ToList();
        var a = Assert.Single(queries, q => q.Str("qtype") == "A");
        var aaaa = Assert.Single(queries, q => q.Str("qtype") == "AAAA");
        Assert.All(queries, q => Assert.Equal(getent, q.Int("pid")));
        Assert.Equal(["127.0.10.1", "127.0.10.2"], Answers(a).Order());
        Assert.Equal(["2001:db8::10"], Answers(aaaa));
        Assert.Equal("NOERROR", a.Str("rcode"));
        Assert.Equal("127.0.0.1:53", a.Str("dns_server"));
    }

    [Fact]
    public void Python_getaddrinfo_is_seen_in_the_python_process()
    {
        var trace = TraceInSandbox(DnsClients.PythonGetaddrinfo("plain.test"));

        var query = Assert.Single(trace.OfType("dns_query"), q => q.Str("qtype") == "A");
        Assert.Equal("plain.test", query.Str("hostname"));
        Assert.StartsWith("python", query.Str("comm"));
    }

    [Theory]
    [InlineData("sendto")]
    [InlineData("connected")]
    [InlineData("tcp")]
    public void Raw_clients_over_sendto_connected_udp_and_tcp_are_captured_with_replies(string mode)
    {
        var client = mode switch
        {
            "sendto" => DnsClients.RawSendto("plain.test", 1),
            "connected" => DnsClients.ConnectedUdpWriteRead("plain.test", 1),
            _ => DnsClients.Tcp("plain.test", 1),
        };

        var trace = TraceInSandbox(client);

        var query = Assert.Single(trace.OfType("dns_query"));
        Assert.Equal("plain.test", query.Str("hostname"));
        Assert.Equal(["127.0.10.1", "127.0.10.2"], Answers(query).Order());
    }

    [Fact]
    public void A_cname_chain_gives_the_addresses_of_the_canonical_name()
    {
        var trace = TraceInSandbox(DnsClients.RawSendto("www.chain.test", 1));

        var query = Assert.Single(trace.OfType("dns_query"));
        Assert.Equal("www.chain.test", query.Str("hostname"));
        Assert.Equal(["127.0.20.1"], Answers(query));
    }

    [Fact]
    public void An_unknown_name_is_reported_with_its_rcode()
    {
        var trace = TraceInSandbox(DnsClients.RawSendto("missing.test", 1));

        var query = Assert.Single(trace.OfType("dns_query"));
        Assert.Equal("NXDOMAIN", query.Str("rcode"));
        Assert.Empty(Answers(query));
    }

    [Fact]
    public void A_malformed_reply_is_counted_and_breaks_nothing()
    {
        var trace = TraceInSandbox(DnsClients.RawSendto("broken.test", 1));

        var stats = trace.Records[^1];
        Assert.Equal("tracer_stats", stats.Str("type"));
        Assert.True(stats.GetProperty("malformed_dns").GetInt64() >= 1);
        Assert.Contains(trace.OfType("dns_query"), q => q.Str("hostname") == "broken.test");
    }

    [Fact]
    public void A_connect_to_an_answered_address_carries_the_hostname()
    {
        using var listener = _resolver.Network.Run(() =>
        {
            var socket = new TcpListener(IPAddress.Parse("127.0.10.1"), 0);
            socket.Start();
            return socket;
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var trace = TraceInSandbox(DnsClients.ResolveAndConnect("plain.test", port));

        // glibc also connects a UDP socket to each answer to choose among them (RFC 6724 sorting): named too.
        var connect = Assert.Single(trace.OfType("net_connect"), c => c.Str("dst_addr") == "127.0.10.1" && c.Str("protocol") == "tcp");
        Assert.Equal(port, connect.Int("dst_port"));
        Assert.Equal("plain.test", connect.Str("hostname"));
        Assert.All(trace.OfType("net_connect").Where(c => c.Str("dst_addr")!.StartsWith("127.0.10.", StringComparison.Ordinal)),
            c => Assert.Equal("plain.test", c.Str("hostname")));
    }

    [Fact]
    public void Tcp_and_udp_connects_and_udp_sends_are_recorded_once_per_destination()
    {
        using var v4 = new TcpListener(IPAddress.Loopback, 0);
        using var v6 = new TcpListener(IPAddress.IPv6Loopback, 0);
        v4.Start();
        v6.Start();
        var p4 = ((IPEndPoint)v4.LocalEndpoint).Port;
        var p6 = ((IPEndPoint)v6.LocalEndpoint).Port;
        var script = $"""
            import socket
            socket.create_connection(("127.0.0.1", {p4})).close()
            socket.create_connection(("::1", {p6})).close()
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.connect(("127.0.0.3", 9999)); u.close()
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            for _ in range(5): s.sendto(b"x", ("127.0.0.4", 7777))
            n = socket.socket(); n.setblocking(False)
            try: n.connect(("127.0.0.5", 9))
            except BlockingIOError: pass
            """;

        var trace = AshiatoCli.Trace(["python3", "-c", script]);

        var connects = trace.OfType("net_connect").Select(c => (c.Str("dst_addr"), c.Int("dst_port"), c.Str("protocol"))).ToList();
        Assert.Contains(("127.0.0.1", p4, "tcp"), connects);
        Assert.Contains(("::1", p6, "tcp"), connects);
        Assert.Contains(("127.0.0.3", 9999, "udp"), connects);
        Assert.Single(connects, c => c == ("127.0.0.4", 7777, "udp"));
        Assert.Contains(("127.0.0.5", 9, "tcp"), connects);
    }

    [Fact]
    public async Task A_process_outside_the_traced_tree_that_does_dns_and_connects_never_appears()
    {
        using var stop = new CancellationTokenSource();
        var outsider = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await _resolver.RunAsync(DnsClients.RawSendto("www.chain.test", 1));
            }
        });
        try
        {
            var trace = TraceInSandbox(DnsClients.RawSendto("plain.test", 1));

            Assert.DoesNotContain(trace.OfType("dns_query"), q => q.Str("hostname") == "www.chain.test");
            Assert.Single(trace.OfType("dns_query"));
        }
        finally
        {
            await stop.CancelAsync();
            await outsider;
        }
    }
}
