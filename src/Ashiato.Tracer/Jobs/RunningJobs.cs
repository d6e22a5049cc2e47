using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Processes;

namespace Ashiato.Tracer.Jobs;

/// <summary>
/// The job tags of processes that were running before the tracer, worked out from /proc as the kernel would have
/// set them at fork (bpf/jobs.bpf.h): a worker is its own job's step 0, each child of it roots a step, and everything
/// below inherits. Pure.
/// </summary>
public static class RunningJobs
{
    /// <summary>How far up a parent chain a worker is looked for (deeper trees are not jobs in practice).</summary>
    private const int MaxDepth = 256;

    /// <summary>The same test as the kernel's: exe named Runner.Worker, started as <c>Runner.Worker spawnclient …</c>.</summary>
    public static bool IsWorker(RunningProcess process) =>
        StepClassifier.ProgramName(process.Exe, process.Args.FirstOrDefault() ?? "") == "Runner.Worker"
        && process.Args.Count > 1 && process.Args[1] == "spawnclient";

    /// <summary>The id of a job found running at attach: its worker's pid, marked so that no id the kernel hands out equals it.</summary>
    public static uint AttachedJobId(int workerPid) => JobTag.AttachedJobIds | (uint)workerPid;

    /// <summary>
    /// <paramref name="running"/> with their job tags: the one <paramref name="tagOf"/> gives (what the kernel holds),
    /// else, for a process gone since, where the tree puts it under a worker whose tag is known.
    /// </summary>
    public static IReadOnlyList<RunningProcess> Tag(IReadOnlyList<RunningProcess> running, Func<int, JobTag?> tagOf)
    {
        var parents = running.ToDictionary(p => p.Pid, p => p.Ppid);
        var workers = running.Where(IsWorker).Select(p => p.Pid).ToHashSet();
        var tagged = new List<RunningProcess>(running.Count);
        foreach (var process in running)
        {
            var tag = tagOf(process.Pid)
                ?? (Place(process.Pid, parents, workers) is { } place && tagOf(place.Worker) is { } worker
                    ? new JobTag { Job = worker.Job, Step = (uint)place.StepRoot }
                    : null);
            tagged.Add(tag is { } found ? process with { Job = (int)found.Job, StepRoot = (int)found.Step } : process);
        }
        return tagged;
    }

    /// <summary>
    /// Where <paramref name="pid"/> sits: under the nearest worker above it (or itself), below the worker's child it
    /// descends from (0 for the worker); null outside any job.
    /// </summary>
    public static (int Worker, int StepRoot)? Place(int pid, IReadOnlyDictionary<int, int> parents, IReadOnlySet<int> workers)
    {
        var child = 0;
        var current = pid;
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            if (workers.Contains(current))
            {
                return (current, child);
            }
            if (!parents.TryGetValue(current, out var parent) || parent == current)
            {
                return null;
            }
            child = current;
            current = parent;
        }
        return null;
    }
}
