using Ashiato.Events;
using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// Pairs DNS queries with their replies into one dns_query each (name, type, server, answers, rcode), and feeds
/// the answers to the <see cref="HostnameResolver"/> that names later connections. A query is held until its reply,
/// or until it is <see cref="ExpireAfter"/> old, then written with the query's own time. <paramref name="attribute"/>
/// names the job and step of the process that asked. Pure: no I/O.
/// </summary>
public sealed class DnsCorrelator(KernelClock clock, HostnameResolver names, Func<RecordContext, JobAttribution?> attribute)
{
    public static readonly TimeSpan ExpireAfter = TimeSpan.FromSeconds(5);

    private readonly Dictionary<(int Tgid, ushort Id, string Name), PendingQuery> _pending = [];
    private readonly Dictionary<(ulong SocketId, bool IsReply), DnsTcpStreamReassembler> _streams = [];
    private readonly List<DnsTcpMessage> _tcpMessages = [];

    /// <summary>Messages that could not be parsed although they were captured whole.</summary>
    public long Malformed { get; private set; }

    public void Observe(DnsPacketObserved packet, ICollection<TraceRecord> output)
    {
        if (packet.Protocol == NetProtocol.Udp)
        {
            Handle(packet, packet.Payload, packet.Payload.Length >= packet.TotalLength, output);
            return;
        }
        var key = (packet.SocketId, packet.IsReply);
        if (!_streams.TryGetValue(key, out var stream))
        {
            _streams[key] = stream = new DnsTcpStreamReassembler();
        }
        _tcpMessages.Clear();
        stream.Feed(packet.Payload, packet.TotalLength, _tcpMessages);
        foreach (var message in _tcpMessages)
        {
            Handle(packet, message.Bytes, message.IsComplete, output);
        }
    }

    /// <summary>Writes the queries that waited too long for a reply (all of them when the trace ends).</summary>
    public void Expire(ulong nowKtimeNs, bool all, ICollection<TraceRecord> output)
    {
        var limit = (ulong)(ExpireAfter.Ticks * 100);
        foreach (var (key, pending) in _pending.ToList())
        {
            if (all || nowKtimeNs - pending.Packet.Context.KtimeNs > limit)
            {
                _pending.Remove(key);
                output.Add(ToRecord(pending.Packet, pending.Question, reply: null));
            }
        }
    }

    private void Handle(DnsPacketObserved packet, ReadOnlySpan<byte> bytes, bool capturedWhole, ICollection<TraceRecord> output)
    {
        var parsed = DnsMessageParser.Parse(bytes);
        if (parsed.Message?.Question is not { } question)
        {
            if (capturedWhole)
            {
                Malformed++;
            }
            return;
        }
        var message = parsed.Message;
        if (!parsed.IsComplete && capturedWhole)
        {
            Malformed++;
        }
        var key = (packet.Context.Tgid, message.Header.Id, question.Name.ToLowerInvariant());
        if (!message.Header.IsResponse)
        {
            _pending.TryAdd(key, new PendingQuery(packet, question));
            return;
        }
        if (DnsCnameChain.Resolve(message) is { } resolution)
        {
            names.RecordAnswer(packet.Context.Tgid, question.Name, resolution.Addresses, (long)packet.Context.KtimeNs);
        }
        // A reply whose query was lost (or sent before the trace began) still says who asked what.
        var query = _pending.Remove(key, out var pending) ? pending.Packet : packet;
        output.Add(ToRecord(query, question, message));
    }

    private DnsQuery ToRecord(DnsPacketObserved query, DnsQuestion question, DnsMessage? reply) => new()
    {
        Timestamp = clock.ToWallClock(query.Context.KtimeNs),
        Pid = query.Context.Tgid,
        Comm = query.Context.Comm,
        Ppid = query.Context.Ppid,
        Job = attribute(query.Context),
        Hostname = question.Name,
        Qtype = DnsRecordTypeNames.ToMnemonic(question.Type),
        DnsServer = query.IsReply ? null : query.Server,
        Answers = reply is null ? null : DnsCnameChain.Resolve(reply)?.Addresses ?? [],
        Rcode = reply is null ? null : DnsResponseCodeNames.ToMnemonic(reply.Header.ResponseCode),
    };

    private sealed record PendingQuery(DnsPacketObserved Packet, DnsQuestion Question);
}
