using System.Net;
using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>
/// The records a <see cref="DnsResponder"/> answers from. Names compare case-insensitively; a name that is not
/// in the zone is NXDOMAIN, so no query ever needs another server.
/// </summary>
public sealed class DnsZone
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public DnsZone AddA(string name, params string[] addresses) => AddAddresses(name, addresses);

    public DnsZone AddAaaa(string name, params string[] addresses) => AddAddresses(name, addresses);

    /// <summary>Makes <paramref name="alias"/> a CNAME for <paramref name="target"/>.</summary>
    public DnsZone AddCname(string alias, string target)
    {
        EntryFor(alias).Cname = target;
        return this;
    }

    /// <summary>Any query for <paramref name="name"/> gets a reply whose answer name is a compression pointer to itself.</summary>
    public DnsZone AddMalformed(string name)
    {
        EntryFor(name).Malformed = true;
        return this;
    }

    /// <summary>UDP queries for <paramref name="name"/> get an empty reply with the TC bit, so clients retry over TCP.</summary>
    public DnsZone TruncateOverUdp(string name)
    {
        EntryFor(name).TruncateOverUdp = true;
        return this;
    }

    internal ZoneAnswer Answer(string name, DnsRecordType type, DnsTransport transport)
    {
        if (_entries.TryGetValue(name, out Entry? queried))
        {
            if (queried.Malformed)
            {
                return new ZoneAnswer(ZoneAnswerKind.Malformed, DnsResponseCode.NOERROR, []);
            }

            if (queried.TruncateOverUdp && transport == DnsTransport.Udp)
            {
                return new ZoneAnswer(ZoneAnswerKind.Truncated, DnsResponseCode.NOERROR, []);
            }
        }

        var records = new List<DnsResourceRecord>();
        string current = name;
        for (int hops = 0; hops < 16 && _entries.TryGetValue(current, out Entry? entry) && entry.Cname is { } target; hops++)
        {
            records.Add(new DnsResourceRecord(current, DnsRecordType.CNAME, 1, 60, Target: target));
            if (type == DnsRecordType.CNAME)
            {
                return new ZoneAnswer(ZoneAnswerKind.Records, DnsResponseCode.NOERROR, records);
            }

            current = target;
        }

        if (!_entries.TryGetValue(current, out Entry? final))
        {
            return new ZoneAnswer(ZoneAnswerKind.Records, DnsResponseCode.NXDOMAIN, records);
        }

        foreach (IPAddress address in final.Addresses)
        {
            DnsRecordType recordType = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? DnsRecordType.A : DnsRecordType.AAAA;
            if (type == recordType || type == DnsRecordType.ANY)
            {
                records.Add(new DnsResourceRecord(current, recordType, 1, 60, address));
            }
        }

        return new ZoneAnswer(ZoneAnswerKind.Records, DnsResponseCode.NOERROR, records);
    }

    private DnsZone AddAddresses(string name, string[] addresses)
    {
        EntryFor(name).Addresses.AddRange(addresses.Select(IPAddress.Parse));
        return this;
    }

    private Entry EntryFor(string name)
    {
        if (!_entries.TryGetValue(name, out Entry? entry))
        {
            entry = new Entry();
            _entries.Add(name, entry);
        }

        return entry;
    }

    private sealed class Entry
    {
        public List<IPAddress> Addresses { get; } = [];

        public string? Cname { get; set; }

        public bool Malformed { get; set; }

        public bool TruncateOverUdp { get; set; }
    }
}
