using System.Text.Json;
using FakeRunner.Protocol;
using FakeRunner.Support;

namespace Ashiato.Tracer.Tests.Support.Runners;

/// <summary>One job a fake runner ran under a tracer, with the fake runner's ground truth and what the trace says of it.</summary>
public sealed class TracedJob(FakeRunnerHost host, JobMessage job, JobResult result, WorkerGroundTruth truth)
{
    public FakeRunnerHost Host { get; } = host;

    public JobMessage Job { get; } = job;

    public JobResult Result { get; } = result;

    public WorkerGroundTruth Truth { get; } = truth;

    public JobProbes Probes => Host.ProbesOf(Result);

    /// <summary>This job's runner_job record (there must be exactly one).</summary>
    public JsonElement RunnerJob(IReadOnlyList<JsonElement> records) =>
        Assert.Single(records, r => r.Str("type") == "runner_job" && r.Int("worker_pid") == Result.WorkerPid);

    public string JobId(IReadOnlyList<JsonElement> records) => RunnerJob(records).Str("job_id")!;

    /// <summary>This job's records of one type, in trace order.</summary>
    public IReadOnlyList<JsonElement> Records(IReadOnlyList<JsonElement> records, string type)
    {
        var id = JobId(records);
        return [.. records.Where(r => r.Str("type") == type && r.Str("job_id") == id)];
    }

    /// <summary>The step record of the worker child <paramref name="rootPid"/>.</summary>
    public JsonElement StepRecord(IReadOnlyList<JsonElement> records, int rootPid) =>
        Assert.Single(Records(records, "step"), s => s.Int("pid") == rootPid);

    /// <summary>The step_end records of step <paramref name="number"/> (one per step numbered 1 and up, if it ended).</summary>
    public IReadOnlyList<JsonElement> StepEnds(IReadOnlyList<JsonElement> records, int number) =>
        [.. Records(records, "step_end").Where(s => s.Int("step") == number)];

    /// <summary>The step a probed process must be in: that of the worker child it descends from (self, parent or grandparent).</summary>
    public int StepOfProbe(Probe probe)
    {
        var root = probe.Parent.Pid == Result.WorkerPid ? probe.Self.Pid
            : probe.Grandparent.Pid == Result.WorkerPid ? probe.Parent.Pid
            : throw new InvalidOperationException($"probe {probe.Name} is not within two generations of worker {Result.WorkerPid}; name its step root");
        return Truth.StepOfRoot[root];
    }
}
