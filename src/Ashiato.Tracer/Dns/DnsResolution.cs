using System.Net;

namespace Ashiato.Tracer.Dns;

/// <summary>
/// What a reply says about its question: the names from the queried one through each CNAME to the canonical one,
/// and the addresses of the canonical name.
/// </summary>
public sealed record DnsResolution(string QueriedName, IReadOnlyList<string> NameChain, IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>The last name of the CNAME chain (the queried name when there is no CNAME).</summary>
    public string CanonicalName => NameChain[^1];
}
