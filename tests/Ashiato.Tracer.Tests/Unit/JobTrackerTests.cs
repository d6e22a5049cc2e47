using Ashiato.Events;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Jobs;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Tracer.Tests.Unit;

/// <summary>Job and step records from the kernel's tags, on made-up contexts (the real-kernel tests use the fake runner).</summary>
[Trait("Category", "unit")]
public sealed class JobTrackerTests
{
    private const int Worker = 100;
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(20000);
    private const string Script = "/r/_work/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.sh";

    private readonly List<TraceRecord> _output = [];
    private readonly JobTracker _jobs = new(new FakeFiles());

    [Fact]
    public void Steps_are_numbered_in_order_of_start_and_housekeeping_is_step_zero()
    {
        StartWorker();
        Exec(201, step: 201, "/usr/bin/tar", ["tar", "-xzf", "a.tgz"]);
        Exec(202, step: 202, "/usr/bin/bash", ["bash", "-e", Script]);
        Exec(203, step: 203, "/r/externals/node20/bin/node", ["node", "/r/_work/_actions/o/r/v1/main.js"]);

        var steps = _output.OfType<StepStarted>().ToList();
        Assert.Equal([(0, StepKind.Runner), (1, StepKind.Run), (2, StepKind.Action)], steps.Select(s => (s.Step, s.StepKind)));
        Assert.Equal("o/r@v1", steps[2].Action);
        Assert.Equal("sha-of-" + Script, steps[1].ScriptSha256);
        Assert.Equal(new JobAttribution(JobId, 2), _jobs.Attribute(Context(300, step: 203)));
        Assert.Equal(new JobAttribution(JobId, 0), _jobs.Attribute(Context(Worker, step: 0)));
        Assert.Null(_jobs.Attribute(Context(999, step: 0, job: 0)));
    }

    [Fact]
    public void The_job_record_comes_before_its_first_real_step_and_once()
    {
        StartWorker();
        Exec(201, step: 201, "/usr/bin/tar", ["tar", "x"]);
        Exec(202, step: 202, "/usr/bin/bash", ["bash", "-e", Script]);
        Exec(203, step: 203, "/usr/bin/bash", ["bash", "-e", Script]);

        var job = Assert.Single(_output.OfType<RunnerJob>());
        Assert.Equal("runner-1", job.RunnerName);
        Assert.Equal("o/r", job.Repository);
        // The housekeeping step that came before the metadata waited for it: the job comes first, dated by that step.
        Assert.Equal(0, _output.IndexOf(job));
        Assert.Equal([0, 1, 2], _output.OfType<StepStarted>().Select(s => s.Step));
        Assert.Equal(Now, job.Timestamp);
    }

    [Fact]
    public void Housekeeping_of_a_job_that_never_gets_its_metadata_goes_out_after_its_job_at_the_end_of_the_trace()
    {
        StartWorker();
        Exec(201, step: 201, "/usr/bin/tar", ["tar", "x"]);
        _jobs.OnExit(Context(201, step: 201), 0, Now.AddSeconds(1), _output);
        Assert.Empty(_output);

        _jobs.Flush(_output);
        _jobs.Flush(_output);

        Assert.Collection(
            _output,
            job => Assert.Equal(Now, Assert.IsType<RunnerJob>(job).Timestamp),
            step => Assert.Equal(StepKind.Runner, Assert.IsType<StepStarted>(step).StepKind),
            end => Assert.IsType<StepEnded>(end));
    }

    [Fact]
    public void Exits_end_steps_and_the_job_with_shell_exit_codes()
    {
        StartWorker();
        Exec(202, step: 202, "/usr/bin/bash", ["bash", "-e", Script]);

        _jobs.OnExit(Context(202, step: 202), 1 << 8, Now, _output);
        _jobs.OnExit(Context(202, step: 202), 1 << 8, Now, _output); // a second exit record changes nothing
        _jobs.OnExit(Context(Worker, step: 0), 9, Now, _output); // SIGKILL

        Assert.Equal(1, Assert.Single(_output.OfType<StepEnded>()).ExitCode);
        Assert.Equal(137, Assert.Single(_output.OfType<RunnerJobEnd>()).ExitCode);
    }

    [Fact]
    public void A_process_running_before_the_tracer_is_tagged_like_the_kernel_would_have()
    {
        var worker = new Processes.RunningProcess(Worker, 1, "Runner.Worker", Now, "/r/bin/Runner.Worker", ["/r/bin/Runner.Worker", "spawnclient", "3", "4"], "/r/bin", 0);
        var step = new Processes.RunningProcess(201, Worker, "node", Now, "/usr/bin/node", ["node", "/r/_work/_actions/o/r/v1/main.js"], "/w", 0);
        var grandchild = new Processes.RunningProcess(301, 201, "python3", Now, "/usr/bin/python3", ["python3"], "/w", 0);
        var impostor = new Processes.RunningProcess(400, 1, "Runner.Worker", Now, "/tmp/Runner.Worker", ["/tmp/Runner.Worker", "run"], "/tmp", 0);

        // The kernel holds tags for the worker and its step; the grandchild exited before it was tagged.
        var kernel = new Dictionary<int, JobTag> { [Worker] = new() { Job = 42 }, [201] = new() { Job = 42, Step = 201 } };

        var tagged = RunningJobs.Tag([worker, step, grandchild, impostor], pid => kernel.TryGetValue(pid, out var tag) ? tag : null);

        Assert.Equal([(42, 0), (42, 201), (42, 201), (0, 0)], tagged.Select(p => (p.Job, p.StepRoot)));
    }

    [Fact]
    public void A_later_worker_with_the_same_pid_is_another_job_and_the_first_ones_orphans_keep_theirs()
    {
        const int First = 7, Second = 8; // the kernel's ids for two workers that got the same pid
        _jobs.OnExec(WorkerExec(First, Now), _output);
        Exec(201, step: 201, "/usr/bin/bash", ["bash", "-e", Script], job: First);
        _jobs.OnExit(Context(Worker, step: 0, job: First), 9, Now, _output);
        _jobs.OnExec(WorkerExec(Second, Now.AddSeconds(5)), _output);
        Exec(301, step: 301, "/usr/bin/bash", ["bash", "-e", Script], job: Second);

        var ids = _output.OfType<RunnerJob>().Select(j => j.JobId).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.Equal(new JobAttribution(ids[0], 1), _jobs.Attribute(Context(250, step: 201, job: First))); // an orphan of the first
        Assert.Equal(new JobAttribution(ids[1], 1), _jobs.Attribute(Context(350, step: 301, job: Second)));
        Assert.Equal(new JobAttribution(ids[1], 0), _jobs.Attribute(Context(Worker, step: 0, job: Second)));
    }

    [Fact]
    public void Records_a_running_job_made_before_its_attach_time_tags_were_in_the_kernel_get_them()
    {
        const int Job = 0x40000000 | Worker;
        _jobs.AdoptAttachTags(new Dictionary<int, JobTag> { [Worker] = new() { Job = Job }, [201] = new() { Job = Job, Step = 201 } }, taggedBeforeNs: 1000);
        _jobs.OnExec(WorkerExec(Job, Now), _output);

        // Before the tags: a step's child forked untagged, and the worker forked a new step root.
        _jobs.ForkedBeforeTagging(Context(301, step: 0, job: 0, ppid: 201, ktimeNs: 500));
        _jobs.ForkedBeforeTagging(Context(202, step: 0, job: 0, ppid: Worker, ktimeNs: 600));
        _jobs.ForkedBeforeTagging(Context(999, step: 0, job: 0, ppid: 1, ktimeNs: 700));

        Assert.Equal((Job, 201), Tag(_jobs.TagMadeBeforeTagging(Context(301, step: 0, job: 0, ktimeNs: 800))));
        Assert.Equal((Job, 202), Tag(_jobs.TagMadeBeforeTagging(Context(202, step: 0, job: 0, ktimeNs: 800))));
        Assert.Null(_jobs.TagMadeBeforeTagging(Context(999, step: 0, job: 0, ktimeNs: 800))); // outside any job
        Assert.Null(_jobs.TagMadeBeforeTagging(Context(301, step: 0, job: 0, ktimeNs: 1500))); // after: the kernel's word
        Assert.Null(_jobs.TagMadeBeforeTagging(Context(301, step: 201, job: Job, ktimeNs: 800))); // tagged already
    }

    private static (int, int)? Tag(RecordContext? context) => context is { } c ? (c.Job, c.StepRoot) : null;

    private string JobId => $"{Worker}-{Now.ToUnixTimeMilliseconds()}";

    private void StartWorker() => _jobs.OnExec(WorkerExec(Worker, Now), _output);

    private static ExecFacts WorkerExec(int job, DateTimeOffset time) =>
        new(Context(Worker, step: 0, job), time, "/r/bin/Runner.Worker", ["/r/bin/Runner.Worker", "spawnclient", "3", "4"], "/r/bin/Runner.Worker", null);

    private void Exec(int pid, int step, string exe, IReadOnlyList<string> args, int job = Worker) =>
        _jobs.OnExec(new ExecFacts(Context(pid, step, job), Now, exe, args, exe, new Dictionary<string, string> { ["GITHUB_REPOSITORY"] = "o/r" }), _output);

    private static RecordContext Context(int pid, int step, int job = Worker, int ppid = 1, ulong ktimeNs = 0) =>
        new(RecordKind.Exec, ktimeNs, pid, pid, ppid, 0, "x", job, step);

    private sealed class FakeFiles : IHostFiles
    {
        public string? Sha256(string path) => "sha-of-" + path;

        public string? RunnerName(string runnerRoot, out bool isRunner)
        {
            isRunner = runnerRoot == "/r";
            return isRunner ? "runner-1" : null;
        }
    }
}
