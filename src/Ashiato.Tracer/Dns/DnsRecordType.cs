namespace Ashiato.Tracer.Dns;

/// <summary>
/// DNS RR TYPE / QTYPE values (IANA "Resource Record (RR) TYPEs"). Values not named here are still valid
/// (any 16-bit number can be cast) and render as <c>TYPEn</c> (RFC 3597).
/// </summary>
public enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    HINFO = 13,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    LOC = 29,
    SRV = 33,
    NAPTR = 35,
    DNAME = 39,
    OPT = 41,
    DS = 43,
    SSHFP = 44,
    RRSIG = 46,
    NSEC = 47,
    DNSKEY = 48,
    NSEC3 = 50,
    TLSA = 52,
    SVCB = 64,
    HTTPS = 65,
    SPF = 99,
    IXFR = 251,
    AXFR = 252,
    ANY = 255,
    URI = 256,
    CAA = 257,
}
