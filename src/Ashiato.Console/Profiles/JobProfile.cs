using System.Text.Json.Nodes;

namespace Ashiato.Web.Profiles;

/// <summary>
/// What the job-view tabs show, aggregated from one pass over a trace. Endpoints page through it, so the browser
/// never receives the trace itself.
/// </summary>
public sealed class JobProfile
{
    public required IReadOnlyDictionary<string, long> Counts { get; init; }

    public required DateTimeOffset? First { get; init; }

    public required DateTimeOffset? Last { get; init; }

    /// <summary>The <c>trace_meta</c> line, when present.</summary>
    public required JsonObject? Meta { get; init; }

    /// <summary>The last <c>tracer_stats</c> line, when present: it holds the totals.</summary>
    public required JsonObject? Stats { get; init; }

    public required IReadOnlyDictionary<int, ProcessInfo> Processes { get; init; }

    public required IReadOnlyList<DnsName> Dns { get; init; }

    public required IReadOnlyList<HostConnections> Hosts { get; init; }

    public required IReadOnlyList<FileActivity> Files { get; init; }

    /// <summary>Event times per type, in Unix microseconds, for the timeline.</summary>
    public required IReadOnlyDictionary<string, long[]> Times { get; init; }

    /// <summary>The JSON keys seen per record type: the Query tab's schema panel.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyCollection<string>> Keys { get; init; }

    /// <summary>Processes whose parent is unknown or not in the trace, by first appearance.</summary>
    public IEnumerable<ProcessInfo> Roots => Processes.Values.Where(p => p.Ppid is not { } ppid || !Processes.ContainsKey(ppid) || ppid == p.Pid);

    public IEnumerable<ProcessInfo> ChildrenOf(int pid) => Processes.Values.Where(p => p.Ppid == pid && p.Pid != pid);
}
