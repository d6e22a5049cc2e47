using System.Text.Json.Nodes;
using Ashiato.Web.Profiles;

namespace Ashiato.Web.Api;

/// <summary>Trace completeness: anything that means the trace does not hold everything that happened.</summary>
public sealed record Completeness(bool Complete, bool EndedCleanly, long Dropped, JsonNode? DroppedByType, long Truncations, IReadOnlyList<string> Problems);

public sealed record Ranked(string Name, long Count);

public sealed record SummaryResponse(
    IReadOnlyDictionary<string, long> Counts,
    DateTimeOffset? First,
    DateTimeOffset? Last,
    long? DurationMs,
    JsonObject? Meta,
    Completeness Completeness,
    IReadOnlyList<Ranked> TopHosts,
    IReadOnlyList<Ranked> TopExecutables,
    int SensitiveFiles,
    int? Detections);

public sealed record ProcessResponse(
    int Pid, int? Ppid, string? Comm, IReadOnlyList<ExecInfo> Execs, IReadOnlyDictionary<string, long> Counts, long Events, int Children);

public sealed record EventsPage(int Offset, int Limit, bool More, IReadOnlyList<System.Text.Json.JsonElement> Items);

public sealed record DnsResponse(string Hostname, long Queries, IReadOnlyCollection<string> Answers, IReadOnlyCollection<string> Qtypes,
    IReadOnlyCollection<string> Rcodes, IReadOnlyCollection<string> Processes);

public sealed record HostResponse(string Host, long Connections, IReadOnlyCollection<string> Addresses, IReadOnlyCollection<string> Ports,
    IReadOnlyCollection<string> Processes);

public sealed record FileResponse(string Path, long Opens, IReadOnlyCollection<string> Flags, long Writes, long BytesWritten,
    IReadOnlyCollection<string> Processes, string? Sensitive);

public sealed record TimelineResponse(DateTimeOffset? Start, long BucketMs, int Buckets, IReadOnlyDictionary<string, long[]> Series);
