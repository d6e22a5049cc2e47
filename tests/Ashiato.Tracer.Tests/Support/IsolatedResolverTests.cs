using System.Net;
using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>Real clients inside the sandbox get the responder's answers, and only those.</summary>
[Trait("Category", "kernel")]
public class IsolatedResolverTests(IsolatedResolverFixture fixture) : IClassFixture<IsolatedResolverFixture>
{
    private readonly IsolatedResolver _resolver = fixture.Resolver;

    [Fact]
    public async Task Getent_ahosts_gets_the_A_and_AAAA_answers_over_UDP()
    {
        CommandResult result = await _resolver.RunAsync(DnsClients.GetentAhosts("plain.test"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["127.0.10.1", "127.0.10.2", "2001:db8::10"], AddressesOf(result.Stdout));
        Assert.Contains(_resolver.Responder.Queries, q => q is { Name: "plain.test", Type: DnsRecordType.A, Transport: DnsTransport.Udp });
        Assert.Contains(_resolver.Responder.Queries, q => q is { Name: "plain.test", Type: DnsRecordType.AAAA, Transport: DnsTransport.Udp });
    }

    [Fact]
    public async Task Getent_follows_a_compressed_CNAME_chain_to_the_canonical_name()
    {
        CommandResult result = await _resolver.RunAsync(DnsClients.GetentAhosts("www.chain.test"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["127.0.20.1", "2001:db8::20"], AddressesOf(result.Stdout));
        // getent ahosts names the canonical name on its first line.
        Assert.Contains("lb.chain.test", result.Stdout.Split('\n')[0]);
    }

    [Fact]
    public async Task Python_getaddrinfo_gets_the_answers()
    {
        CommandResult result = await _resolver.RunAsync(DnsClients.PythonGetaddrinfo("plain.test"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["127.0.10.1", "127.0.10.2", "2001:db8::10"], Lines(result.Stdout));
    }

    [Fact]
    public async Task A_raw_sendto_client_gets_a_compressed_reply()
    {
        CommandResult result = await _resolver.RunAsync(DnsClients.RawSendto("plain.test", (int)DnsRecordType.A));

        Assert.True(result.ExitCode == 0, result.ToString());
        DnsMessage reply = ParseHexReply(result.Stdout);
        Assert.Equal([IPAddress.Parse("127.0.10.1"), IPAddress.Parse("127.0.10.2")], reply.Answers.Select(a => a.Address));
        // The answers name the question through a pointer to offset 12, as real servers write them.
        Assert.Contains("c00c0001", result.Stdout.Trim(), StringComparison.Ordinal);
        Assert.Contains(_resolver.Responder.Queries, q => q is { Name: "plain.test", Transport: DnsTransport.Udp });
    }

    [Fact]
    public async Task A_connected_UDP_client_using_write_and_read_gets_the_answer()
    {
        CommandResult result = await _resolver.RunAsync(DnsClients.ConnectedUdpWriteRead("www.chain.test", (int)DnsRecordType.AAAA));

        Assert.True(result.ExitCode == 0, result.ToString());
        DnsResolution resolution = DnsCnameChain.Resolve(ParseHexReply(result.Stdout))!;
        Assert.Equal(["www.chain.test", "edge.chain.test", "lb.chain.test"], resolution.NameChain);
        Assert.Equal([IPAddress.Parse("2001:db8::20")], resolution.Addresses);
    }

    [Fact]
    public async Task A_TCP_client_gets_the_answer_with_its_length_prefix()
    {
        CommandResult result = await _resolver.RunAsync(DnsClients.Tcp("plain.test", (int)DnsRecordType.AAAA));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([IPAddress.Parse("2001:db8::10")], ParseHexReply(result.Stdout).Answers.Select(a => a.Address));
        Assert.Contains(_resolver.Responder.Queries, q => q is { Name: "plain.test", Type: DnsRecordType.AAAA, Transport: DnsTransport.Tcp });
    }

    [Fact]
    public async Task A_truncated_UDP_reply_makes_glibc_retry_over_TCP()
    {
        CommandResult result = await _resolver.RunAsync(DnsClients.GetentAhosts("big.test"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["127.0.30.1"], AddressesOf(result.Stdout));
        Assert.Contains(_resolver.Responder.Queries, q => q is { Name: "big.test", Transport: DnsTransport.Udp });
        Assert.Contains(_resolver.Responder.Queries, q => q is { Name: "big.test", Transport: DnsTransport.Tcp });
    }

    [Fact]
    public async Task An_unknown_name_is_NXDOMAIN_from_the_responder()
    {
        CommandResult getent = await _resolver.RunAsync(DnsClients.GetentAhosts("unknown.test"));
        CommandResult raw = await _resolver.RunAsync(DnsClients.RawSendto("unknown.test", (int)DnsRecordType.A));

        // getent exits 2 when the name does not exist.
        Assert.Equal(2, getent.ExitCode);
        Assert.Equal(DnsResponseCode.NXDOMAIN, ParseHexReply(raw.Stdout).Header.ResponseCode);
        Assert.Contains(_resolver.Responder.Queries, q => q is { Name: "unknown.test", Transport: DnsTransport.Udp });
    }

    [Fact]
    public async Task A_malformed_reply_fails_the_lookup_and_the_parser_reports_the_loop()
    {
        CommandResult getent = await _resolver.RunAsync(DnsClients.GetentAhosts("broken.test"));
        CommandResult raw = await _resolver.RunAsync(DnsClients.RawSendto("broken.test", (int)DnsRecordType.A));

        Assert.NotEqual(0, getent.ExitCode);
        Assert.Equal("", getent.Stdout);
        Assert.True(raw.ExitCode == 0, raw.ToString());
        DnsParseResult parsed = DnsMessageParser.Parse(Convert.FromHexString(raw.Stdout.Trim()));
        Assert.Equal(DnsParseError.BadCompressionPointer, parsed.Error);
        Assert.Equal("broken.test", parsed.Message!.Question!.Name);
    }

    [Fact]
    public async Task The_sandbox_sees_the_responder_config_and_no_network_but_loopback()
    {
        string hostResolvConf = await File.ReadAllTextAsync("/etc/resolv.conf");

        CommandResult resolvConf = await _resolver.RunAsync(["cat", "/etc/resolv.conf"]);
        CommandResult links = await _resolver.RunAsync(["ip", "-o", "link", "show"]);
        CommandResult routes = await _resolver.RunAsync(["ip", "-o", "route", "show", "table", "all"]);

        Assert.Equal("nameserver 127.0.0.1", Lines(resolvConf.Stdout)[0]);
        Assert.Single(Lines(links.Stdout));
        Assert.Contains(" lo: ", links.Stdout);
        // Only the local routes of lo: no default route and no route to the machine's resolver.
        Assert.All(Lines(routes.Stdout), route => Assert.Contains("dev lo", route));
        Assert.DoesNotContain(Lines(routes.Stdout), route => route.StartsWith("default", StringComparison.Ordinal));
        // The host's own configuration is untouched.
        Assert.Equal(hostResolvConf, await File.ReadAllTextAsync("/etc/resolv.conf"));
    }

    [Fact]
    public async Task The_wrapped_command_runs_as_the_process_that_was_started()
    {
        // The tracer scopes by process tree and reports the client's pid, so the wrapper must exec, not fork.
        CommandResult result = await _resolver.RunAsync(["python3", "-c", "import os; print(os.getpid())"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(result.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), Lines(result.Stdout)[0]);
    }

    internal static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The distinct addresses in getent ahosts output ("ADDRESS  STREAM name" lines).</summary>
    internal static string[] AddressesOf(string getentOutput) =>
        [.. Lines(getentOutput).Select(line => line.Split(' ', 2)[0]).Distinct().Order(StringComparer.Ordinal)];

    internal static DnsMessage ParseHexReply(string stdout)
    {
        DnsParseResult parsed = DnsMessageParser.Parse(Convert.FromHexString(stdout.Trim()));
        Assert.True(parsed.IsComplete, DnsParseErrorMessages.Describe(parsed.Error));
        return parsed.Message!;
    }
}
