namespace Ashiato.Tracer.Net;

/// <summary>
/// Linux <c>sa_family</c> values. <see cref="System.Net.Sockets.AddressFamily"/> uses Windows numbers
/// (InterNetworkV6 is 23 there, 10 on Linux), so kernel records are decoded against these.
/// </summary>
public static class LinuxAddressFamily
{
    public const ushort Inet = 2;
    public const ushort Inet6 = 10;
}
