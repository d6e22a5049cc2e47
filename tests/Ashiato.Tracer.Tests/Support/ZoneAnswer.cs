using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Support;

internal enum ZoneAnswerKind
{
    Records,
    Malformed,
    Truncated,
}

internal sealed record ZoneAnswer(ZoneAnswerKind Kind, DnsResponseCode ResponseCode, IReadOnlyList<DnsResourceRecord> Records);
