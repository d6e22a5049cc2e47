using System.Net;
using System.Net.Sockets;
using Ashiato.Analysis.Tests.Support;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Analysis.Tests.Corpus;

/// <summary>
/// Where the corpus runs: a private network namespace (only loopback, plus the cloud metadata addresses on it) with the
/// test's own DNS responder and HTTP servers standing in for the internet, and, for the wrapped command, a private
/// mount namespace in which /etc and /root are overlays and /home and /var/spool are fresh (whatever the behaviours
/// write there is gone with the namespace), /home/runner holds fake credentials, and resolv.conf names the responder.
/// Nothing reaches the machine's resolver, any address outside the namespace, or a real file under /etc.
/// </summary>
public sealed class CorpusSandbox : IAsyncDisposable
{
    public const string Home = "/home/runner";

    private const string SandboxScript = """
        set -e
        s="$ASHIATO_CORPUS_SANDBOX"
        mount -t tmpfs corpus-upper "$s/upper"
        mkdir -p "$s/upper/etc/u" "$s/upper/etc/w" "$s/upper/root/u" "$s/upper/root/w"
        mount -t overlay corpus-etc -o "lowerdir=/etc,upperdir=$s/upper/etc/u,workdir=$s/upper/etc/w" /etc
        mount -t overlay corpus-root -o "lowerdir=/root,upperdir=$s/upper/root/u,workdir=$s/upper/root/w" /root
        mount -t tmpfs corpus-home /home
        mkdir -p /home/runner
        mount --bind "$s/home" /home/runner
        mount -t tmpfs corpus-spool /var/spool
        for f in resolv.conf nsswitch.conf hosts; do rm -f "/etc/$f"; cp "$s/$f" "/etc/$f"; done
        for nscd in /run/nscd /var/run/nscd; do
          if [ -d "$nscd" ]; then mount -t tmpfs none "$nscd"; fi
        done
        exec "$@"
        """;

    /// <summary>The names the corpus reaches, and where they point inside the namespace.</summary>
    private static readonly (string Address, string[] Names)[] Hosts =
    [
        ("127.0.10.1", ["exfil.test", "hooks.slack.com", "discord.com", "pastebin.com"]),
        ("127.0.10.2", ["downloads.test"]),
        ("127.0.20.1", ["pypi.org", "files.pythonhosted.org", "registry.npmjs.org", "github.com"]),
        ("169.254.169.254", ["metadata.google.internal"]),
    ];

    private readonly NetworkNamespace _network;
    private readonly DnsResponder _responder;
    private readonly List<LoopbackHttpServer> _servers;
    private readonly string _directory;

    private CorpusSandbox(NetworkNamespace network, DnsResponder responder, List<LoopbackHttpServer> servers, string directory)
    {
        _network = network;
        _responder = responder;
        _servers = servers;
        _directory = directory;
    }

    public static async Task<CorpusSandbox> StartAsync()
    {
        var network = NetworkNamespace.Create();
        var servers = new List<LoopbackHttpServer>();
        DnsResponder? responder = null;
        try
        {
            string[][] addresses = [["ip", "addr", "add", "169.254.169.254/32", "dev", "lo"], ["ip", "-6", "addr", "add", "fd00:ec2::254/128", "dev", "lo", "nodad"]];
            foreach (var add in addresses)
            {
                var result = await CommandRunner.RunAsync(network.Wrap(add), TimeSpan.FromSeconds(30));
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"could not add the metadata addresses: {result}");
                }
            }
            var zone = new DnsZone();
            foreach (var (address, names) in Hosts)
            {
                foreach (var name in names)
                {
                    zone.AddA(name, address);
                }
            }
            responder = network.Run(() => DnsResponder.Start(zone, new IPEndPoint(IPAddress.Loopback, 53)));
            foreach (var address in Hosts.Select(h => h.Address).Append("fd00:ec2::254"))
            {
                servers.Add(network.Run(() =>
                {
                    var listener = new TcpListener(IPAddress.Parse(address), 80);
                    listener.Start();
                    return new LoopbackHttpServer(listener, Download);
                }));
            }
            var directory = Directory.CreateTempSubdirectory("ashiato-corpus-").FullName;
            Directory.CreateDirectory(Path.Combine(directory, "upper"));
            await File.WriteAllTextAsync(Path.Combine(directory, "resolv.conf"), "nameserver 127.0.0.1\noptions timeout:2 attempts:1\n");
            await File.WriteAllTextAsync(Path.Combine(directory, "nsswitch.conf"), "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n");
            await File.WriteAllTextAsync(Path.Combine(directory, "hosts"), "127.0.0.1 localhost\n::1 localhost\n");
            FakeHome.Create(Path.Combine(directory, "home"));
            return new CorpusSandbox(network, responder, servers, directory);
        }
        catch
        {
            servers.ForEach(s => s.Dispose());
            if (responder is not null)
            {
                await responder.DisposeAsync();
            }
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What the corpus's internet serves: a harmless program for a path ending in .sh, .py, .js or .pl (so that
    /// "download and run" runs something), "ok" otherwise.
    /// </summary>
    private static string Download(string requestLine) => requestLine.Split(' ') is [_, var path, ..] ? Path.GetExtension(path) switch
    {
        ".sh" => "#!/bin/sh\necho downloaded > /dev/null\n",
        ".py" => "downloaded = True\n",
        ".js" => "const downloaded = true;\n",
        ".pl" => "my $downloaded = 1;\n",
        _ => "ok\n",
    } : "ok\n";

    /// <summary>The command line that runs <paramref name="argv"/> inside the sandbox (its pid is the command's: every wrapper execs).</summary>
    public IReadOnlyList<string> Wrap(IReadOnlyList<string> argv) => _network.Wrap(
    [
        "env", $"ASHIATO_CORPUS_SANDBOX={_directory}",
        "unshare", "--mount", "--propagation", "private", "--",
        "/bin/sh", "-c", SandboxScript, "ashiato-corpus-sandbox", .. argv,
    ]);

    public async ValueTask DisposeAsync()
    {
        _servers.ForEach(s => s.Dispose());
        await _responder.DisposeAsync();
        _network.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
