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

/// <param name="Forked">It forked without exec (a subshell, a forked worker): it runs its parent's program.</param>
/// <param name="Accesses">Other processes it attached to or read (ptrace, process_vm_readv, pidfd_getfd).</param>
public sealed record ProcessResponse(
    int Pid, int? Ppid, string? Comm, IReadOnlyList<ExecInfo> Execs, IReadOnlyDictionary<string, long> Counts, long Events, int Children,
    bool Forked, IReadOnlyList<AccessInfo> Accesses, DateTimeOffset? FirstSeen);

public sealed record EventsPage(int Offset, int Limit, bool More, IReadOnlyList<System.Text.Json.JsonElement> Items);

public sealed record DnsResponse(string Hostname, long Queries, IReadOnlyCollection<string> Answers, IReadOnlyCollection<string> Qtypes,
    IReadOnlyCollection<string> Rcodes, IReadOnlyCollection<string> Processes);

public sealed record HostResponse(string Host, long Connections, IReadOnlyCollection<string> Addresses, IReadOnlyCollection<string> Ports,
    IReadOnlyCollection<string> Processes);

/// <param name="RenamedTo">New names this path was renamed to; <paramref name="RenamedFrom"/> the names renamed into it.</param>
/// <param name="Modes">Modes set with chmod (octal strings, <c>4755</c>).</param>
public sealed record FileResponse(string Path, long Opens, IReadOnlyCollection<string> Flags, long Writes, long BytesWritten,
    IReadOnlyCollection<string> Processes, string? Sensitive, IReadOnlyCollection<string> RenamedTo, IReadOnlyCollection<string> RenamedFrom,
    long Deletes, IReadOnlyCollection<string> Modes);

public sealed record TimelineResponse(DateTimeOffset? Start, long BucketMs, int Buckets, IReadOnlyDictionary<string, long[]> Series);
