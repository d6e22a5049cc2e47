using System.Net;
using System.Net.Sockets;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>
/// Sockets the test creates through <see cref="NetworkNamespace.Run{T}"/> live in the sandbox, so a sandboxed client
/// can resolve a name and connect to the answered address, and the host cannot see them.
/// </summary>
[Trait("Category", "kernel")]
public class NamespaceListenerTests
{
    [Fact]
    public async Task A_client_resolves_a_name_and_connects_to_a_listener_inside_the_sandbox_over_IPv4_and_IPv6()
    {
        DnsZone zone = new DnsZone().AddA("service.test", "127.0.0.1").AddAaaa("service.test", "::1");
        await using IsolatedResolver resolver = IsolatedResolver.Start(zone);
        using Socket listener = resolver.Network.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
            socket.Listen(8);
            return socket;
        });
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Task<Socket> first = listener.AcceptAsync();

        CommandResult result = await resolver.RunAsync(DnsClients.ResolveAndConnect("service.test", port));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["127.0.0.1", "::1"], IsolatedResolverTests.Lines(result.Stdout).Order(StringComparer.Ordinal));
        using Socket accepted = await first.WaitAsync(TimeSpan.FromSeconds(10));
        using var host = new TcpClient();
        SocketException refused = await Assert.ThrowsAsync<SocketException>(() => host.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
