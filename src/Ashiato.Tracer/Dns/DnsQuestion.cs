namespace Ashiato.Tracer.Dns;

/// <summary>One entry of the question section. <paramref name="Name"/> has no trailing dot (the root is ".").</summary>
public sealed record DnsQuestion(string Name, DnsRecordType Type, ushort Class);
