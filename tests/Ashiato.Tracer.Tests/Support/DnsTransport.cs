namespace Ashiato.Tracer.Tests.Support;

public enum DnsTransport
{
    Udp,
    Tcp,
}
