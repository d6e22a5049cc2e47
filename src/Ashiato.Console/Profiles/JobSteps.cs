using System.Globalization;

namespace Ashiato.Web.Profiles;

/// <summary>
/// A step of a GitHub Actions job within a trace: the tracer's job id and the step number. Its wire form in query
/// strings is <c>&lt;job_id&gt;:&lt;step&gt;</c> (<c>5202-1796316412135:4</c>).
/// </summary>
public readonly record struct StepKey(string JobId, int Step) : IComparable<StepKey>
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{JobId}:{Step}");

    public static bool TryParse(string? text, out StepKey key)
    {
        var colon = text?.LastIndexOf(':') ?? -1;
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var step))
        {
            key = new StepKey(text![..colon], step);
            return true;
        }
        key = default;
        return false;
    }

    public int CompareTo(StepKey other)
    {
        var job = string.CompareOrdinal(JobId, other.JobId);
        return job != 0 ? job : Step.CompareTo(other.Step);
    }
}

/// <summary>A GitHub Actions job of the trace: its <c>runner_job</c> and <c>runner_job_end</c> records.</summary>
public sealed class RunnerJobInfo(string jobId)
{
    public string JobId { get; } = jobId;

    public int? WorkerPid { get; set; }

    public string? RunnerName { get; set; }

    public string? Repository { get; set; }

    public string? WorkflowRef { get; set; }

    public string? RunId { get; set; }

    public string? RunAttempt { get; set; }

    /// <summary>GITHUB_JOB: the job's key in its workflow (the record's <c>job</c>).</summary>
    public string? WorkflowJob { get; set; }

    /// <summary>False only for a worker that does not sit in a runner's layout.</summary>
    public bool RunnerLayout { get; set; } = true;

    public DateTimeOffset? Ended { get; set; }

    public int? ExitCode { get; set; }
}

/// <summary>
/// One step of a job and what its processes did. Step 0 (the worker and the runner's housekeeping) has a <c>step</c>
/// record per housekeeping process: they make one step from the first start to the last end, with the highest exit code.
/// </summary>
public sealed class StepActivity(StepKey key)
{
    public StepKey Key { get; } = key;

    /// <summary>run, action, composite, docker, hook or runner; null when the trace has no <c>step</c> record of it.</summary>
    public string? Kind { get; set; }

    /// <summary>GITHUB_ACTION: <c>__run</c>, <c>__run_2</c>, or the step's id.</summary>
    public string? Name { get; set; }

    /// <summary><c>owner/repo@ref</c> for an action.</summary>
    public string? Action { get; set; }

    /// <summary>The step's root process; null for step 0 when several housekeeping processes started it.</summary>
    public int? Pid { get; set; }

    public string? Script { get; set; }

    public string? ScriptSha256 { get; set; }

    /// <summary>How many <c>step</c> records started it (more than one only for step 0).</summary>
    public int Starts { get; set; }

    public DateTimeOffset? Started { get; set; }

    public DateTimeOffset? Ended { get; set; }

    public int? ExitCode { get; set; }

    public HashSet<int> Processes { get; } = [];

    public HashSet<string> Hosts { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Files { get; } = new(StringComparer.Ordinal);

    public long Events { get; set; }
}
