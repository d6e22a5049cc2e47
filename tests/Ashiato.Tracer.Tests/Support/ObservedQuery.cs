using System.Net;
using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>A query the responder received.</summary>
public sealed record ObservedQuery(ushort Id, string Name, DnsRecordType Type, DnsTransport Transport, IPEndPoint Client);
