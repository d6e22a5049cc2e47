namespace Ashiato.Tracer.Dns;

/// <summary>The 4-bit RCODE of the DNS header (RFC 1035 §4.1.1, RFC 2136, RFC 8490).</summary>
public enum DnsResponseCode : byte
{
    NOERROR = 0,
    FORMERR = 1,
    SERVFAIL = 2,
    NXDOMAIN = 3,
    NOTIMP = 4,
    REFUSED = 5,
    YXDOMAIN = 6,
    YXRRSET = 7,
    NXRRSET = 8,
    NOTAUTH = 9,
    NOTZONE = 10,
    DSOTYPENI = 11,
}
