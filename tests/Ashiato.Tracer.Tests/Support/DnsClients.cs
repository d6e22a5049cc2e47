namespace Ashiato.Tracer.Tests.Support;

/// <summary>
/// Command lines for real DNS clients, each taking a different path through the kernel (the syscalls the tracer
/// must capture). Run them with <see cref="IsolatedResolver.RunAsync"/>.
/// </summary>
public static class DnsClients
{
    /// <summary>
    /// Sends one query itself and prints the reply as hex on one line. Modes: <c>sendto</c> (sendto with an
    /// explicit address, then recvfrom), <c>connected</c> (connect, then write(2)/read(2) as Go's resolver does) and
    /// <c>tcp</c> (2-byte length prefix, then write(2)/read(2) on a TCP socket).
    /// </summary>
    private const string RawClientScript = """
        import os, random, select, socket, struct, sys

        mode, name, qtype, server, port = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
        query = struct.pack(">HHHHHH", random.randrange(65536), 0x0100, 1, 0, 0, 0)
        for label in name.split("."):
            query += bytes([len(label)]) + label.encode("ascii")
        query += b"\0" + struct.pack(">HH", qtype, 1)

        def wait_readable(sock):
            if not select.select([sock], [], [], 10)[0]:
                sys.exit("no reply within 10 s")

        def read_exactly(fd, count):
            data = b""
            while len(data) < count:
                chunk = os.read(fd, count - len(data))
                if not chunk:
                    sys.exit("connection closed")
                data += chunk
            return data

        if mode == "sendto":
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.sendto(query, (server, port))
            wait_readable(sock)
            reply, _ = sock.recvfrom(65535)
        elif mode == "connected":
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.connect((server, port))
            os.write(sock.fileno(), query)
            wait_readable(sock)
            reply = os.read(sock.fileno(), 65535)
        elif mode == "tcp":
            sock = socket.create_connection((server, port), timeout=10)
            sock.setblocking(True)
            os.write(sock.fileno(), struct.pack(">H", len(query)) + query)
            wait_readable(sock)
            (length,) = struct.unpack(">H", read_exactly(sock.fileno(), 2))
            reply = read_exactly(sock.fileno(), length)
        else:
            sys.exit("unknown mode " + mode)
        print(reply.hex())
        """;

    private const string GetaddrinfoScript = """
        import socket, sys
        for address in sorted({info[4][0] for info in socket.getaddrinfo(sys.argv[1], None)}):
            print(address)
        """;

    private const string ResolveAndConnectScript = """
        import socket, sys
        for family, kind, proto, _, address in socket.getaddrinfo(sys.argv[1], int(sys.argv[2]), type=socket.SOCK_STREAM):
            with socket.socket(family, kind, proto) as sock:
                sock.settimeout(10)
                sock.connect(address)
                print(address[0])
        """;

    /// <summary>glibc getaddrinfo: A and AAAA with sendmmsg on a connected UDP socket (or TCP with use-vc).</summary>
    public static IReadOnlyList<string> GetentAhosts(string name) => ["getent", "ahosts", name];

    /// <summary>Python's socket.getaddrinfo (glibc underneath), printing one address per line.</summary>
    public static IReadOnlyList<string> PythonGetaddrinfo(string name) => ["python3", "-c", GetaddrinfoScript, name];

    /// <summary>
    /// Resolves <paramref name="name"/> with getaddrinfo, then makes a TCP connection to every address on
    /// <paramref name="port"/>, printing each address it connected to: a DNS answer followed by a connect to it.
    /// </summary>
    public static IReadOnlyList<string> ResolveAndConnect(string name, int port) =>
        ["python3", "-c", ResolveAndConnectScript, name, Invariant(port)];

    /// <summary>A hand-built query sent with sendto to <paramref name="server"/>:<paramref name="port"/>; prints the reply as hex.</summary>
    public static IReadOnlyList<string> RawSendto(string name, int qtype, string server = "127.0.0.1", int port = 53) => Raw("sendto", name, qtype, server, port);

    /// <summary>A hand-built query with write(2)/read(2) on a connected UDP socket; prints the reply as hex.</summary>
    public static IReadOnlyList<string> ConnectedUdpWriteRead(string name, int qtype, string server = "127.0.0.1", int port = 53) => Raw("connected", name, qtype, server, port);

    /// <summary>A hand-built query over TCP with its length prefix; prints the reply (without prefix) as hex.</summary>
    public static IReadOnlyList<string> Tcp(string name, int qtype, string server = "127.0.0.1", int port = 53) => Raw("tcp", name, qtype, server, port);

    private static IReadOnlyList<string> Raw(string mode, string name, int qtype, string server, int port) =>
        ["python3", "-c", RawClientScript, mode, name, Invariant(qtype), server, Invariant(port)];

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
