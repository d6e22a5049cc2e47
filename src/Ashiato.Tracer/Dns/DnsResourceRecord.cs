using System.Net;

namespace Ashiato.Tracer.Dns;

/// <summary>
/// One answer record. Only A and AAAA (class IN) carry <see cref="Address"/> and only CNAME carries
/// <see cref="Target"/>; other types are kept with their owner and type but their data is skipped.
/// </summary>
public sealed record DnsResourceRecord(
    string Name,
    DnsRecordType Type,
    ushort Class,
    uint TimeToLive,
    IPAddress? Address = null,
    string? Target = null);
