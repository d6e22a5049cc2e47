using System.Net;

namespace Ashiato.Events;

public sealed record DnsQuery : ProcessEvent
{
    public override EventKind Kind => EventKind.DnsQuery;

    /// <summary>The name as queried, without the trailing dot.</summary>
    public required string Hostname { get; init; }

    /// <summary>Record type mnemonic (<c>A</c>, <c>AAAA</c>, ...) or <c>TYPE123</c>.</summary>
    public string? Qtype { get; init; }

    public IPEndPoint? DnsServer { get; init; }

    /// <summary>Addresses answered for the name, after following CNAME chains; null until a reply is seen.</summary>
    public IReadOnlyList<IPAddress>? Answers { get; init; }

    /// <summary>Response code mnemonic (<c>NOERROR</c>, <c>NXDOMAIN</c>, ...); null until a reply is seen.</summary>
    public string? Rcode { get; init; }
}
