using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>
/// A DNS server for tests: answers UDP and TCP on one address and port from a <see cref="DnsZone"/>, and records
/// every query it sees. Its sockets are created in <see cref="Start"/>, on the calling thread, so starting it inside
/// <see cref="NetworkNamespace.Run{T}"/> puts it in that namespace.
/// </summary>
public sealed class DnsResponder : IAsyncDisposable
{
    private readonly DnsZone _zone;
    private readonly bool _compress;
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ObservedQuery> _queries = [];
    private readonly Lock _queriesLock = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;
    private int _unreadableQueries;

    private DnsResponder(DnsZone zone, bool compress, Socket udp, Socket tcp)
    {
        _zone = zone;
        _compress = compress;
        _udp = udp;
        _tcp = tcp;
        Endpoint = (IPEndPoint)udp.LocalEndPoint!;
        _udpLoop = Task.Run(ServeUdpAsync);
        _tcpLoop = Task.Run(ServeTcpAsync);
    }

    /// <summary>The address and port it answers on, for both UDP and TCP.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Queries seen so far, in arrival order.</summary>
    public IReadOnlyList<ObservedQuery> Queries
    {
        get
        {
            lock (_queriesLock)
            {
                return [.. _queries];
            }
        }
    }

    /// <summary>Datagrams or TCP messages that were not a DNS query with a question.</summary>
    public int UnreadableQueries => Volatile.Read(ref _unreadableQueries);

    /// <summary>
    /// Binds UDP and TCP on <paramref name="endpoint"/>; with port 0, on one free port shared by both.
    /// <paramref name="compress"/> chooses whether reply names use compression pointers.
    /// </summary>
    public static DnsResponder Start(DnsZone zone, IPEndPoint endpoint, bool compress = true)
    {
        for (int attempt = 0; ; attempt++)
        {
            var udp = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(endpoint);
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                tcp.Bind(udp.LocalEndPoint!);
                tcp.Listen(64);
                return new DnsResponder(zone, compress, udp, tcp);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && endpoint.Port == 0 && attempt < 20)
            {
                // The free UDP port was taken for TCP: pick another.
                udp.Dispose();
                tcp.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp.Dispose();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Dispose();
        try
        {
            await Task.WhenAll(_udpLoop, _tcpLoop);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closing the sockets is how the loops end.
        }

        _stop.Dispose();
    }

    private async Task ServeUdpAsync()
    {
        byte[] buffer = new byte[65535];
        EndPoint any = new IPEndPoint(Endpoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                SocketReceiveFromResult received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                var client = (IPEndPoint)received.RemoteEndPoint;
                byte[]? reply = Answer(buffer.AsSpan(0, received.ReceivedBytes), DnsTransport.Udp, client);
                if (reply is not null)
                {
                    await _udp.SendToAsync(reply, SocketFlags.None, client, _stop.Token);
                }
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                // A client that went away (ICMP unreachable) must not stop the server for the others.
            }
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection = await _tcp.AcceptAsync(_stop.Token);
            _ = Task.Run(() => ServeTcpConnectionAsync(connection));
        }
    }

    private async Task ServeTcpConnectionAsync(Socket connection)
    {
        await using var stream = new NetworkStream(connection, ownsSocket: true);
        byte[] prefix = new byte[DnsTcpFraming.LengthPrefixSize];
        try
        {
            var client = (IPEndPoint)connection.RemoteEndPoint!;
            // Clients may send several queries on one connection (glibc sends A and AAAA back to back).
            while (true)
            {
                await stream.ReadExactlyAsync(prefix, _stop.Token);
                byte[] message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                await stream.ReadExactlyAsync(message, _stop.Token);
                byte[]? reply = Answer(message, DnsTransport.Tcp, client);
                if (reply is null)
                {
                    return;
                }

                byte[] framed = new byte[DnsTcpFraming.LengthPrefixSize + reply.Length];
                BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)reply.Length);
                reply.CopyTo(framed, DnsTcpFraming.LengthPrefixSize);
                await stream.WriteAsync(framed, _stop.Token);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or SocketException)
        {
            // The client closed the connection, or the responder is stopping.
        }
    }

    private byte[]? Answer(ReadOnlySpan<byte> packet, DnsTransport transport, IPEndPoint client)
    {
        DnsParseResult parsed = DnsMessageParser.Parse(packet);
        if (parsed.Message is not { Question: { } question } query || query.Header.IsResponse)
        {
            Interlocked.Increment(ref _unreadableQueries);
            return null;
        }

        lock (_queriesLock)
        {
            _queries.Add(new ObservedQuery(query.Header.Id, question.Name, question.Type, transport, client));
        }

        return DnsReplyBuilder.Build(query, _zone, transport, _compress);
    }
}
