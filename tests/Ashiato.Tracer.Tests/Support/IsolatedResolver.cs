using System.Net;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>
/// A sandbox where DNS clients get their answers from a <see cref="DnsResponder"/> the test controls.
/// <list type="bullet">
/// <item>A private network namespace with only loopback: nothing inside can reach the machine's resolver or any
/// other address, whatever a client does.</item>
/// <item>The responder listens inside it on 127.0.0.1:53, UDP and TCP. Port 53 because resolv.conf cannot name a
/// port; it is free because the namespace is new.</item>
/// <item><see cref="Wrap"/> runs a command in that namespace and in a private mount namespace where
/// /etc/resolv.conf names the responder and /etc/nsswitch.conf and /etc/hosts are fixed (<c>hosts: files dns</c>,
/// only localhost), so the host's configuration (nss-resolve, nscd, search domains) cannot interfere.</item>
/// </list>
/// The wrapped command keeps its process id through the wrapper (nsenter, unshare and sh all exec), so a tracer
/// started on the wrapped command line attributes the client's queries to its root process.
/// </summary>
public sealed class IsolatedResolver : IAsyncDisposable
{
    private const string SandboxScript = """
        set -e
        mount --bind "$ASHIATO_DNS_SANDBOX/resolv.conf" /etc/resolv.conf
        mount --bind "$ASHIATO_DNS_SANDBOX/nsswitch.conf" /etc/nsswitch.conf
        mount --bind "$ASHIATO_DNS_SANDBOX/hosts" /etc/hosts
        for nscd in /run/nscd /var/run/nscd; do
          if [ -d "$nscd" ]; then mount -t tmpfs none "$nscd"; fi
        done
        exec "$@"
        """;

    private readonly string _configDirectory;

    private IsolatedResolver(NetworkNamespace network, DnsResponder responder, string configDirectory)
    {
        Network = network;
        Responder = responder;
        _configDirectory = configDirectory;
    }

    public NetworkNamespace Network { get; }

    public DnsResponder Responder { get; }

    /// <summary>Where resolv.conf sends clients: 127.0.0.1:53 inside <see cref="Network"/>.</summary>
    public IPEndPoint ServerEndpoint => Responder.Endpoint;

    public static IsolatedResolver Start(DnsZone zone, IsolatedResolverOptions? options = null)
    {
        options ??= new IsolatedResolverOptions();
        NetworkNamespace network = NetworkNamespace.Create();
        DnsResponder? responder = null;
        try
        {
            responder = network.Run(() => DnsResponder.Start(zone, new IPEndPoint(IPAddress.Loopback, 53), options.CompressReplies));
            string directory = Directory.CreateTempSubdirectory("ashiato-dns-").FullName;
            File.WriteAllText(Path.Combine(directory, "resolv.conf"), ResolvConf(options));
            File.WriteAllText(Path.Combine(directory, "nsswitch.conf"), "hosts: files dns\n");
            File.WriteAllText(Path.Combine(directory, "hosts"), "127.0.0.1 localhost\n::1 localhost\n");
            return new IsolatedResolver(network, responder, directory);
        }
        catch
        {
            responder?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            network.Dispose();
            throw;
        }
    }

    /// <summary>The command line that runs <paramref name="argv"/> inside the sandbox.</summary>
    public IReadOnlyList<string> Wrap(IReadOnlyList<string> argv) => Network.Wrap(
    [
        "env", $"ASHIATO_DNS_SANDBOX={_configDirectory}",
        "unshare", "--mount", "--propagation", "private", "--",
        "/bin/sh", "-c", SandboxScript, "ashiato-dns-sandbox", .. argv,
    ]);

    public Task<CommandResult> RunAsync(IReadOnlyList<string> argv, TimeSpan? timeout = null) =>
        CommandRunner.RunAsync(Wrap(argv), timeout ?? TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await Responder.DisposeAsync();
        Network.Dispose();
        Directory.Delete(_configDirectory, recursive: true);
    }

    private static string ResolvConf(IsolatedResolverOptions options) =>
        "nameserver 127.0.0.1\n" + (options.UseTcp ? "options use-vc timeout:2 attempts:1\n" : "options timeout:2 attempts:1\n");
}
