using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Processes;

namespace Ashiato.Tracer.Jobs;

/// <summary>
/// Puts the job tags of jobs already running into the kernel at attach time (<c>--pid</c>, <c>--all</c>), before
/// anything of theirs is traced. A process forked from a parent that is not tagged yet gets no tag from the kernel,
/// so the /proc walk is repeated until a pass finds nothing new: from then on every parent in a job carries its tag
/// and the kernel hands it on at fork (bpf/jobs.bpf.h).
/// </summary>
public static class RunningJobTagger
{
    /// <summary>
    /// Passes over /proc before giving up on settling: enough for a job forking without pause (each pass reads one
    /// stat line per process, a few ms, so few processes can appear during one).
    /// </summary>
    public const int MaxPasses = 8;

    /// <summary>The comm the kernel gives an exec of a file named Runner.Worker: only such processes are read further.</summary>
    private const string WorkerComm = "Runner.Worker";

    /// <summary>
    /// Tags every process in a running job through <paramref name="tag"/>, which returns the tag the process ends up
    /// with (the kernel's own, if it tagged the process first); returns those tags, by pid.
    /// </summary>
    public static IReadOnlyDictionary<int, JobTag> TagUntilSettled(ProcFileSystem proc, Func<int, JobTag, JobTag> tag)
    {
        var given = new Dictionary<int, JobTag>();
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var stats = proc.ReadStats();
            var parents = stats.ToDictionary(p => p.Key, p => p.Value.Ppid);
            var workers = proc.Describe(stats.Where(p => p.Value.Comm == WorkerComm).Select(p => p.Key))
                .Where(RunningJobs.IsWorker)
                .Select(p => p.Pid)
                .ToHashSet();
            var found = false;
            foreach (var pid in stats.Keys.Where(pid => !given.ContainsKey(pid)))
            {
                if (RunningJobs.Place(pid, parents, workers) is { } place)
                {
                    given[pid] = tag(pid, new JobTag { Job = RunningJobs.AttachedJobId(place.Worker), Step = (uint)place.StepRoot });
                    found = true;
                }
            }
            if (!found)
            {
                break;
            }
        }
        return given;
    }
}
