using Ashiato.Web.Profiles;

namespace Ashiato.Web.Api;

/// <summary>Steps of GitHub Actions jobs as the API shows them, from a profile. Pure.</summary>
public static class StepView
{
    public static StepResponse From(StepActivity step, JobProfile profile) => new(
        step.Key.ToString(), step.Key.JobId, step.Key.Step, step.Kind, step.Name, step.Action, step.Pid, step.Script, step.ScriptSha256,
        step.Started, step.Ended,
        step.Started is { } started && step.Ended is { } ended ? (long)(ended - started).TotalMilliseconds : null,
        step.ExitCode, step.Processes.Count, step.Hosts.Count, step.Files.Count,
        step.Files.Count(path => profile.FilesByPath.TryGetValue(path, out var file) && file.Sensitive is not null),
        step.Events,
        profile.Jobs.TryGetValue(step.Key.JobId, out var job) ? Job(job) : null);

    /// <summary>The step <paramref name="key"/> names; a step the trace has no record of keeps its number.</summary>
    public static StepRef? Ref(StepKey? key, JobProfile profile)
    {
        if (key is not { } k)
        {
            return null;
        }
        var step = profile.StepsByKey.GetValueOrDefault(k);
        return new StepRef(k.ToString(), k.JobId, k.Step, step?.Kind, step?.Name, step?.Action);
    }

    public static IReadOnlyList<StepRef> Refs(IEnumerable<StepKey> keys, JobProfile profile) => [.. keys.Select(k => Ref(k, profile)!)];

    private static RunnerJobResponse Job(RunnerJobInfo job) => new(
        job.JobId, job.WorkerPid, job.RunnerName, job.Repository, job.WorkflowRef, job.RunId, job.RunAttempt, job.WorkflowJob,
        job.RunnerLayout, job.Ended, job.ExitCode);
}
