using System.Globalization;
using Ashiato.Events;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Tracer.Jobs;

/// <summary>
/// Turns the kernel's job tags (worker tgid, step root tgid on every record) into the contract's jobs and steps:
/// the job id, step numbers in order of start (0 for the worker and its housekeeping), and the runner_job, step,
/// step_end and runner_job_end records. Pure but for <see cref="IHostFiles"/>.
/// </summary>
public sealed class JobTracker(IHostFiles files)
{
    /// <summary>By the kernel's job id. A job stays after its worker exits: orphans it left keep its tag.</summary>
    private readonly Dictionary<int, ActiveJob> _jobs = [];

    /// <summary>
    /// The tags given at attach time to processes of jobs already running, and those their children would have
    /// inherited, for the records made before the tags were in the kernel (<see cref="_taggedBeforeNs"/>).
    /// </summary>
    private readonly Dictionary<int, JobTag> _attachTags = [];

    private ulong _taggedBeforeNs;

    /// <summary>The tags the tracer gave running jobs when it attached, in place in the kernel from <paramref name="taggedBeforeNs"/> on.</summary>
    public void AdoptAttachTags(IReadOnlyDictionary<int, JobTag> tags, ulong taggedBeforeNs)
    {
        foreach (var (pid, tag) in tags)
        {
            _attachTags[pid] = tag;
        }
        _taggedBeforeNs = taggedBeforeNs;
    }

    /// <summary>
    /// A fork made before the attach-time tags were in the kernel, from a parent that was not tagged yet: the child gets
    /// here what the kernel would have handed on (bpf/jobs.bpf.h), so that its records before then are its job's too.
    /// </summary>
    public void ForkedBeforeTagging(RecordContext child)
    {
        if (child.KtimeNs >= _taggedBeforeNs || child.Job != 0)
        {
            return;
        }
        if (_attachTags.TryGetValue(child.Ppid, out var parent))
        {
            _attachTags[child.Tgid] = parent.Step == 0 ? parent with { Step = (uint)child.Tgid } : parent;
        }
        else
        {
            _attachTags.Remove(child.Tgid); // an earlier process with this pid; this one is in no job
        }
    }

    /// <summary>The context a record made before its job's tag was in the kernel should have had; null when it has it.</summary>
    public RecordContext? TagMadeBeforeTagging(RecordContext context) =>
        context.Job == 0 && context.KtimeNs < _taggedBeforeNs && _attachTags.TryGetValue(context.Tgid, out var tag)
            ? context with { Job = (int)tag.Job, StepRoot = (int)tag.Step }
            : null;

    /// <summary>The job and step of a record, or null for a process outside any job.</summary>
    public JobAttribution? Attribute(RecordContext context)
    {
        if (context.Job == 0 || !_jobs.TryGetValue(context.Job, out var job))
        {
            return null;
        }
        return new JobAttribution(job.Id, context.StepRoot == 0 ? 0 : job.Steps.GetValueOrDefault(context.StepRoot)?.Number ?? 0);
    }

    /// <summary>
    /// An exec (or a process found running at attach time): a worker starts a job; a step root's first exec starts its
    /// step, and the job's metadata goes out with the first real step.
    /// </summary>
    public void OnExec(ExecFacts exec, ICollection<TraceRecord> output)
    {
        var context = exec.Context;
        if (context.Job != 0 && context.StepRoot == 0)
        {
            // Only a worker is in step 0 of its job; a second exec of the same worker starts nothing.
            if (!_jobs.ContainsKey(context.Job))
            {
                StartJob(exec);
            }
            return;
        }
        if (context.StepRoot != context.Tgid || !_jobs.TryGetValue(context.Job, out var job) || job.Steps.ContainsKey(context.Tgid))
        {
            return;
        }
        var identity = StepClassifier.Classify(exec.Exe, exec.Filename, exec.Args, exec.Env, job.RunnerRoot);
        var number = identity.Kind == StepKind.Runner ? 0 : ++job.LastStep;
        job.Steps[context.Tgid] = new StepState(number);
        if (identity.Kind != StepKind.Runner)
        {
            WriteJobOnce(job, exec.Env, exec.Timestamp, output);
        }
        job.Write(output, new StepStarted
        {
            Timestamp = exec.Timestamp,
            JobId = job.Id,
            Step = number,
            StepKind = identity.Kind,
            Pid = context.Tgid,
            Name = Value(exec.Env, "GITHUB_ACTION"),
            // A run step's environment names no action (the runner leaves GITHUB_ACTION_REPOSITORY empty there).
            Action = identity.Action ?? (identity.Kind is StepKind.Action or StepKind.Docker ? ActionFromEnv(exec.Env) : null),
            Script = identity.Script,
            ScriptSha256 = identity.Kind is StepKind.Run or StepKind.Composite or StepKind.Hook && identity.Script is { } script
                ? files.Sha256(script)
                : null,
        });
    }

    /// <summary>A step root's exit ends its step; the worker's ends the job.</summary>
    public void OnExit(RecordContext context, int waitStatus, DateTimeOffset timestamp, ICollection<TraceRecord> output)
    {
        if (context.Job == 0 || !_jobs.TryGetValue(context.Job, out var job))
        {
            return;
        }
        var exitCode = ExitCode(waitStatus);
        if (context.StepRoot == 0 && context.Tgid == job.WorkerPid)
        {
            WriteJobOnce(job, null, timestamp, output);
            output.Add(new RunnerJobEnd { Timestamp = timestamp, JobId = job.Id, ExitCode = exitCode });
            return;
        }
        if (context.StepRoot == context.Tgid && job.Steps.TryGetValue(context.Tgid, out var step) && !step.Ended)
        {
            step.Ended = true;
            job.Write(output, new StepEnded { Timestamp = timestamp, JobId = job.Id, Step = step.Number, ExitCode = exitCode });
        }
    }

    /// <summary>
    /// At the end of the trace: the jobs whose metadata never came (attached to, or stopped, while the runner was still
    /// setting up) get their runner_job now, followed by the housekeeping steps held back for it.
    /// </summary>
    public void Flush(ICollection<TraceRecord> output)
    {
        foreach (var job in _jobs.Values.Where(job => !job.Written && job.FirstStepStarted is not null))
        {
            WriteJobOnce(job, null, job.FirstStepStarted!.Value, output);
        }
    }

    /// <summary>The shell's convention: the exit code, or 128 + the signal that killed the process.</summary>
    public static int ExitCode(int waitStatus)
    {
        var signal = waitStatus & 0x7f;
        return signal != 0 ? 128 + signal : (waitStatus >> 8) & 0xff;
    }

    private void StartJob(ExecFacts exec)
    {
        var pid = exec.Context.Tgid;
        var exePath = string.IsNullOrEmpty(exec.Exe) ? exec.Filename : exec.Exe;
        // <root>/bin/Runner.Worker, or <root>/bin.<version>/ after a self-update.
        var runnerRoot = Path.GetDirectoryName(Path.GetDirectoryName(exePath)) ?? "/";
        var runnerName = files.RunnerName(runnerRoot, out var isRunner);
        var id = string.Create(CultureInfo.InvariantCulture, $"{pid}-{exec.Timestamp.ToUnixTimeMilliseconds()}");
        _jobs[exec.Context.Job] = new ActiveJob(id, pid, runnerRoot, runnerName, isRunner);
    }

    /// <summary>
    /// The runner_job record, once, ahead of the housekeeping steps it was held back for: it is dated when the job's
    /// first step started, or <paramref name="now"/> for the first (or a job that ran no step, at its end).
    /// </summary>
    private static void WriteJobOnce(ActiveJob job, IReadOnlyDictionary<string, string>? env, DateTimeOffset now, ICollection<TraceRecord> output)
    {
        if (job.Written)
        {
            return;
        }
        job.Written = true;
        output.Add(new RunnerJob
        {
            Timestamp = job.FirstStepStarted ?? now,
            JobId = job.Id,
            WorkerPid = job.WorkerPid,
            RunnerName = Value(env, "RUNNER_NAME") ?? job.RunnerName,
            Repository = Value(env, "GITHUB_REPOSITORY"),
            WorkflowRef = Value(env, "GITHUB_WORKFLOW_REF"),
            RunId = Value(env, "GITHUB_RUN_ID"),
            RunAttempt = Value(env, "GITHUB_RUN_ATTEMPT"),
            Job = Value(env, "GITHUB_JOB"),
            RunnerLayout = job.RunnerLayout,
        });
        foreach (var held in job.Held)
        {
            output.Add(held);
        }
        job.Held.Clear();
    }

    /// <summary>owner/repo@ref from GITHUB_ACTION_REPOSITORY and GITHUB_ACTION_REF, when the step has them.</summary>
    private static string? ActionFromEnv(IReadOnlyDictionary<string, string>? env) =>
        Value(env, "GITHUB_ACTION_REPOSITORY") is { } repository && Value(env, "GITHUB_ACTION_REF") is { } reference
            ? $"{repository}@{reference}"
            : null;

    private static string? Value(IReadOnlyDictionary<string, string>? env, string name) =>
        env is not null && env.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private sealed class ActiveJob(string id, int workerPid, string runnerRoot, string? runnerName, bool runnerLayout)
    {
        public string Id { get; } = id;

        public int WorkerPid { get; } = workerPid;

        /// <summary>The folder above the worker's <c>bin/</c>, whether or not it is a runner's.</summary>
        public string RunnerRoot { get; } = runnerRoot;

        public string? RunnerName { get; } = runnerName;

        public bool RunnerLayout { get; } = runnerLayout;

        public Dictionary<int, StepState> Steps { get; } = [];

        public int LastStep { get; set; }

        public bool Written { get; set; }

        /// <summary>When the first step of any kind started: the job's own start as far as the trace can tell.</summary>
        public DateTimeOffset? FirstStepStarted { get; private set; }

        /// <summary>
        /// Step records of the runner's housekeeping (tar, chmod) that came before the job's metadata: they wait for
        /// its runner_job, so that a reader meets every job before its steps.
        /// </summary>
        public List<JobRecord> Held { get; } = [];

        public void Write(ICollection<TraceRecord> output, JobRecord record)
        {
            FirstStepStarted ??= record.Timestamp;
            if (Written)
            {
                output.Add(record);
            }
            else
            {
                Held.Add(record);
            }
        }
    }

    private sealed class StepState(int number)
    {
        public int Number { get; } = number;

        public bool Ended { get; set; }
    }
}

/// <summary>What an exec, live or from the attach-time snapshot, tells about a process.</summary>
public sealed record ExecFacts(
    RecordContext Context, DateTimeOffset Timestamp, string Filename, IReadOnlyList<string> Args, string? Exe,
    IReadOnlyDictionary<string, string>? Env);
