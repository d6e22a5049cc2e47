using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Ashiato.Web.Profiles;

/// <summary>
/// What the job-view tabs show, aggregated from one pass over a trace. Endpoints page through it, so the browser
/// never receives the trace itself.
/// </summary>
public sealed class JobProfile
{
    private readonly Lazy<Dictionary<int, ProcessInfo[]>> _children;
    private readonly Lazy<ProcessInfo[]> _roots;
    private readonly ConcurrentDictionary<StepKey, ProcessInfo[]> _stepRoots = new();
    private readonly Lazy<ProcessInfo[]> _rootsOutsideJobs;

    public JobProfile()
    {
        // Indexes built once per profile, each level in display order: looking children up by a scan per node made
        // expanding a 30k-process tree cost 23.5 s of CPU per click; now a page is a slice.
        _children = new(ChildrenByParent);
        _roots = new(FindRoots);
        _rootsOutsideJobs = new(() => FindRootsIn(null));
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

    /// <summary>
    /// The profile hit its memory budget: some processes, files, hosts or details are missing from the views (the
    /// counts, the download and the Query tab still cover the whole trace).
    /// </summary>
    public bool Partial { get; init; }

    /// <summary>The budget's estimate of what the profile holds, in bytes: its weight in the cache.</summary>
    public long RetainedBytes { get; init; }

    /// <summary>Processes whose parent is unknown or not in the trace, by first appearance.</summary>
    public IReadOnlyList<ProcessInfo> Roots => _roots.Value;

    /// <summary>The children of <paramref name="pid"/>, by first appearance.</summary>
    public IReadOnlyList<ProcessInfo> ChildrenOf(int pid) => _children.Value.GetValueOrDefault(pid) ?? [];

    private Dictionary<int, ProcessInfo[]> ChildrenByParent() =>
        Processes.Values.Where(p => p.Ppid is { } ppid && ppid != p.Pid).GroupBy(p => p.Ppid!.Value).ToDictionary(g => g.Key, InDisplayOrder);

    private ProcessInfo[] FindRoots() =>
        InDisplayOrder(Processes.Values.Where(p => p.Ppid is not { } ppid || !Processes.ContainsKey(ppid) || ppid == p.Pid));

    private static ProcessInfo[] InDisplayOrder(IEnumerable<ProcessInfo> processes) =>
        [.. processes.OrderBy(p => p.FirstSeen ?? DateTimeOffset.MaxValue).ThenBy(p => p.Pid)];

    /// <summary>
    /// The processes of one step (or, for null, outside any job) whose parent is not in it: a step's root, and for step 0
    /// the worker; the tree of a step hangs from them through <see cref="ChildrenIn"/>.
    /// </summary>
    public IReadOnlyList<ProcessInfo> RootsIn(StepKey? step) =>
        step is { } key ? _stepRoots.GetOrAdd(key, k => FindRootsIn(k)) : _rootsOutsideJobs.Value;

    private ProcessInfo[] FindRootsIn(StepKey? step) => InDisplayOrder(Processes.Values.Where(p => p.Step == step
        && !(p.Ppid is { } ppid && ppid != p.Pid && Processes.TryGetValue(ppid, out var parent) && parent.Step == step)));

    public IEnumerable<ProcessInfo> ChildrenIn(int pid, StepKey? step) => ChildrenOf(pid).Where(c => c.Step == step);
}
