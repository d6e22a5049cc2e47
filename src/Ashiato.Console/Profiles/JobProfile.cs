using System.Text.Json.Nodes;

namespace Ashiato.Web.Profiles;

/// <summary>
/// What the job-view tabs show, aggregated from one pass over a trace. Endpoints page through it, so the browser
/// never receives the trace itself.
/// </summary>
public sealed class JobProfile
{
    private readonly Lazy<ILookup<int, ProcessInfo>> _children;

    public JobProfile()
    {
        // Built once per profile: looking children up by a scan per node made a page of the tree quadratic.
        _children = new(ChildrenByParent);
    }

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

    /// <summary><see cref="Files"/> by path.</summary>
    public required IReadOnlyDictionary<string, FileActivity> FilesByPath { get; init; }

    /// <summary>Event times per type, in Unix microseconds, for the timeline.</summary>
    public required IReadOnlyDictionary<string, long[]> Times { get; init; }

    /// <summary>The JSON keys seen per record type: the Query tab's schema panel.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyCollection<string>> Keys { get; init; }

    /// <summary>The GitHub Actions jobs of the trace (<c>runner_job</c> records), by job id.</summary>
    public required IReadOnlyDictionary<string, RunnerJobInfo> Jobs { get; init; }

    /// <summary>Every step of every job, by job (in order of start) then number.</summary>
    public required IReadOnlyList<StepActivity> Steps { get; init; }

    /// <summary><see cref="Steps"/> by key.</summary>
    public required IReadOnlyDictionary<StepKey, StepActivity> StepsByKey { get; init; }

    /// <summary>Processes whose parent is unknown or not in the trace, by first appearance.</summary>
    public IEnumerable<ProcessInfo> Roots => Processes.Values.Where(p => p.Ppid is not { } ppid || !Processes.ContainsKey(ppid) || ppid == p.Pid);

    public IEnumerable<ProcessInfo> ChildrenOf(int pid) => _children.Value[pid];

    private ILookup<int, ProcessInfo> ChildrenByParent() =>
        Processes.Values.Where(p => p.Ppid is { } ppid && ppid != p.Pid).ToLookup(p => p.Ppid!.Value);

    /// <summary>
    /// The processes of one step (or, for null, outside any job) whose parent is not in it: a step's root, and for step 0
    /// the worker; the tree of a step hangs from them through <see cref="ChildrenIn"/>.
    /// </summary>
    public IEnumerable<ProcessInfo> RootsIn(StepKey? step) => Processes.Values.Where(p => p.Step == step
        && !(p.Ppid is { } ppid && ppid != p.Pid && Processes.TryGetValue(ppid, out var parent) && parent.Step == step));

    public IEnumerable<ProcessInfo> ChildrenIn(int pid, StepKey? step) => ChildrenOf(pid).Where(c => c.Step == step);
}
