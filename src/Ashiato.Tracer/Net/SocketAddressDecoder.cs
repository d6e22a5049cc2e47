using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Ashiato.Tracer.Net;

/// <summary>
/// Turns socket addresses captured in the kernel into <see cref="IPEndPoint"/>s with normalized addresses
/// (see <see cref="IPAddressNormalizer"/>). Pure; returns false on anything that is not AF_INET or AF_INET6.
/// </summary>
public static class SocketAddressDecoder
{
    /// <summary>
    /// Decodes an address captured as separate fields. <paramref name="address"/> holds at least 4 bytes for AF_INET
    /// (only the first 4 are read, so a 16-byte union field works) or 16 for AF_INET6; <paramref name="port"/> is the
    /// 2 port bytes in network byte order, as they sit in memory.
    /// </summary>
    public static bool TryDecode(ushort family, ReadOnlySpan<byte> address, ReadOnlySpan<byte> port, [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (port.Length < 2 || !TryDecodeAddress(family, address, out IPAddress? ip))
        {
            return false;
        }

        endpoint = new IPEndPoint(ip, BinaryPrimitives.ReadUInt16BigEndian(port));
        return true;
    }

    /// <summary>
    /// As <see cref="TryDecode(ushort, ReadOnlySpan{byte}, ReadOnlySpan{byte}, out IPEndPoint?)"/>, with the port as a
    /// 16-bit field copied from a kernel struct (<c>__be16</c>, e.g. <c>skc_dport</c> or <c>sin_port</c>) and read
    /// natively, so its bytes are still in network order.
    /// </summary>
    public static bool TryDecode(ushort family, ReadOnlySpan<byte> address, ushort portInNetworkOrder, [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        Span<byte> port = stackalloc byte[2];
        BitConverter.TryWriteBytes(port, portInNetworkOrder);
        return TryDecode(family, address, port, out endpoint);
    }

    /// <summary>
    /// Decodes a <c>struct sockaddr_in</c> or <c>struct sockaddr_in6</c> as it sits in memory (what connect, sendto and
    /// msghdr.msg_name carry). The family is in host byte order, the port in network byte order.
    /// </summary>
    public static bool TryDecodeSockaddr(ReadOnlySpan<byte> sockaddr, [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (sockaddr.Length < 2)
        {
            return false;
        }

        ushort family = BitConverter.ToUInt16(sockaddr);
        return family switch
        {
            // sockaddr_in: family(2) port(2) addr(4) zero(8)
            LinuxAddressFamily.Inet when sockaddr.Length >= 8 => TryDecode(family, sockaddr.Slice(4, 4), sockaddr.Slice(2, 2), out endpoint),
            // sockaddr_in6: family(2) port(2) flowinfo(4) addr(16) scope_id(4); scope_id is not needed for the text form.
            LinuxAddressFamily.Inet6 when sockaddr.Length >= 24 => TryDecode(family, sockaddr.Slice(8, 16), sockaddr.Slice(2, 2), out endpoint),
            _ => false,
        };
    }

    /// <summary>Decodes the address alone; see <see cref="TryDecode(ushort, ReadOnlySpan{byte}, ReadOnlySpan{byte}, out IPEndPoint?)"/>.</summary>
    public static bool TryDecodeAddress(ushort family, ReadOnlySpan<byte> address, [NotNullWhen(true)] out IPAddress? ip)
    {
        ip = family switch
        {
            LinuxAddressFamily.Inet when address.Length >= 4 => new IPAddress(address[..4]),
            LinuxAddressFamily.Inet6 when address.Length >= 16 => IPAddressNormalizer.Normalize(new IPAddress(address[..16])),
            _ => null,
        };
        return ip is not null;
    }
}
