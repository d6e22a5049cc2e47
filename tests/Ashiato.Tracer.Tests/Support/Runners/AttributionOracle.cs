using System.Globalization;
using System.Text.Json;

namespace Ashiato.Tracer.Tests.Support.Runners;

/// <summary>
/// The (job_id, step) every record of a trace must carry, worked out without the tracer's job tags: from the process
/// tree the trace records (each process_exec and process_fork names the process that forked it) and the fake
/// runner's ground truth (which pid was the worker, and the number of each of its children). A process forked by a
/// worker roots a step; every other process belongs to its forker's job and step, whenever it runs and whoever reaps
/// it. Records are read in trace order, so a pid used again by a later process starts afresh.
/// </summary>
public static class AttributionOracle
{
    /// <summary>Record types that describe a job or step rather than a process's activity: checked on their own.</summary>
    private static readonly HashSet<string> JobRecordTypes = ["runner_job", "step", "step_end", "runner_job_end"];

    /// <summary>
    /// Every record whose (job_id, step) differs from what the ground truth gives, one line each. Records of
    /// processes outside <paramref name="jobs"/>' trees must carry no job of theirs; with
    /// <paramref name="everythingElseOutsideJobs"/> (a trace that holds only these runners) they must carry none at all.
    /// </summary>
    public static IReadOnlyList<string> Mismatches(
        IReadOnlyList<JsonElement> records, IReadOnlyList<WorkerGroundTruth> jobs, bool everythingElseOutsideJobs)
    {
        var workers = jobs.ToDictionary(job => job.WorkerPid);
        var jobIds = JobIds(records, jobs);
        var ourJobIds = jobIds.Values.ToHashSet();
        var processes = new Dictionary<int, ProcessOrigin>();
        var mismatches = new List<string>();
        foreach (var record in records)
        {
            var type = record.Str("type")!;
            if (JobRecordTypes.Contains(type) || !record.TryGetProperty("pid", out var pidProperty))
            {
                continue;
            }
            var pid = pidProperty.GetInt32();
            if (type is "process_exec" or "process_fork")
            {
                var ppid = record.Int("ppid");
                if (!processes.TryGetValue(pid, out var known) || known.Ppid != ppid || type == "process_fork")
                {
                    processes[pid] = new ProcessOrigin(ppid, Derive(pid, ppid, processes, workers));
                }
                if (workers.ContainsKey(pid) && IsWorkerExec(record))
                {
                    processes[pid] = new ProcessOrigin(ppid, new JobPlace(pid, 0));
                }
            }
            var actual = record.TryGetProperty("job_id", out var jobId)
                ? (jobId.GetString(), record.TryGetProperty("step", out var step) ? step.GetInt32() : (int?)null)
                : ((string?)null, (int?)null);
            if (!processes.TryGetValue(pid, out var origin))
            {
                if (actual.Item1 is { } id && (everythingElseOutsideJobs || ourJobIds.Contains(id)))
                {
                    mismatches.Add($"{Describe(record)}: carries job {id} but no process_exec or process_fork says where pid {pid} comes from");
                }
                continue;
            }
            if (origin.Place is not { } place)
            {
                if (actual.Item1 is { } id && (everythingElseOutsideJobs || ourJobIds.Contains(id)))
                {
                    mismatches.Add($"{Describe(record)}: outside every job, but tagged ({id}, {actual.Item2})");
                }
                continue;
            }
            var truth = workers[place.Worker];
            if (place.Root != 0 && !truth.StepOfRoot.ContainsKey(place.Root))
            {
                mismatches.Add($"{Describe(record)}: under worker child {place.Root}, which the worker log does not name");
                continue;
            }
            var expected = (jobIds[place.Worker], place.Root == 0 ? 0 : truth.StepOfRoot[place.Root]);
            if (actual != expected)
            {
                mismatches.Add($"{Describe(record)}: expected ({expected.Item1}, {expected.Item2}) from step root {place.Root}, got ({actual.Item1}, {actual.Item2})");
            }
        }
        return mismatches;
    }

    /// <summary>Fails with the first mismatches (and how many there were) unless there are none.</summary>
    public static void AssertEveryRecordAttributed(IReadOnlyList<JsonElement> records, IReadOnlyList<WorkerGroundTruth> jobs, bool everythingElseOutsideJobs)
    {
        var mismatches = Mismatches(records, jobs, everythingElseOutsideJobs);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} records attributed wrongly:\n{string.Join("\n", mismatches.Take(25))}");
    }

    /// <summary>The job_id the trace gave each worker's job: its runner_job record, which must be there exactly once.</summary>
    public static IReadOnlyDictionary<int, string> JobIds(IReadOnlyList<JsonElement> records, IReadOnlyList<WorkerGroundTruth> jobs)
    {
        var ids = new Dictionary<int, string>();
        foreach (var job in jobs)
        {
            var runnerJob = Assert.Single(records, r => r.Str("type") == "runner_job" && r.Int("worker_pid") == job.WorkerPid);
            ids[job.WorkerPid] = runnerJob.Str("job_id")!;
        }
        Assert.Equal(ids.Count, ids.Values.Distinct().Count());
        return ids;
    }

    private static JobPlace? Derive(int pid, int ppid, Dictionary<int, ProcessOrigin> processes, Dictionary<int, WorkerGroundTruth> workers)
    {
        if (!processes.TryGetValue(ppid, out var parent) || parent.Place is not { } place)
        {
            return null;
        }
        // A child of the worker process itself roots a step; anything else stays where its forker is.
        return place.Root == 0 && place.Worker == ppid && workers.ContainsKey(ppid) ? new JobPlace(ppid, pid) : place;
    }

    private static bool IsWorkerExec(JsonElement exec) =>
        exec.Str("type") == "process_exec"
        && exec.GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList() is [_, "spawnclient", ..]
        && Path.GetFileName(exec.Str("filename")) == "Runner.Worker";

    private static string Describe(JsonElement record) =>
        string.Create(CultureInfo.InvariantCulture, $"{record.Str("type")} pid {record.Int("pid")} ({record.Str("comm")}) {record.Str("path") ?? record.Str("filename") ?? ""}");

    /// <summary>A worker and the child of it whose step a process is in (0: the worker itself).</summary>
    private readonly record struct JobPlace(int Worker, int Root);

    private readonly record struct ProcessOrigin(int Ppid, JobPlace? Place);
}
