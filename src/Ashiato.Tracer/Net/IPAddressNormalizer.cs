using System.Net;

namespace Ashiato.Tracer.Net;

public static class IPAddressNormalizer
{
    /// <summary>
    /// The form a user reads: a v4-mapped IPv6 address (<c>::ffff:1.2.3.4</c>, what a dual-stack socket shows) becomes
    /// the IPv4 address, and an IPv6 scope id is dropped so the text is the plain address.
    /// </summary>
    public static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            return new IPAddress(address.GetAddressBytes());
        }

        return address;
    }
}
