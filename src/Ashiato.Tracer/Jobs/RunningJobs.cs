using Ashiato.Tracer.Processes;

namespace Ashiato.Tracer.Jobs;

/// <summary>
/// The job tags of processes that were running before the tracer, worked out from /proc as the kernel would have
/// set them at fork (bpf/jobs.bpf.h): a worker is its own job's step 0, each child of it roots a step, and everything
/// below inherits. Pure.
/// </summary>
public static class RunningJobs
{
    /// <summary>The same test as the kernel's: exe named Runner.Worker, started as <c>Runner.Worker spawnclient …</c>.</summary>
    public static bool IsWorker(RunningProcess process) =>
        StepClassifier.ProgramName(process.Exe, process.Args.FirstOrDefault() ?? "") == "Runner.Worker"
        && process.Args.Count > 1 && process.Args[1] == "spawnclient";

    public static IReadOnlyList<RunningProcess> Tag(IReadOnlyList<RunningProcess> running)
    {
        var byPid = running.ToDictionary(p => p.Pid);
        var tagged = new List<RunningProcess>(running.Count);
        foreach (var process in running)
        {
            tagged.Add(TagOne(process, byPid));
        }
        return tagged;
    }

    private static RunningProcess TagOne(RunningProcess process, Dictionary<int, RunningProcess> byPid)
    {
        var child = 0;
        var current = process;
        for (var depth = 0; depth < 256; depth++)
        {
            if (IsWorker(current))
            {
                return process with { Job = current.Pid, StepRoot = child };
            }
            if (!byPid.TryGetValue(current.Ppid, out var parent))
            {
                return process;
            }
            child = current.Pid;
            current = parent;
        }
        return process;
    }
}
