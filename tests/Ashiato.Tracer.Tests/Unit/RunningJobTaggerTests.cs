using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Jobs;
using Ashiato.Tracer.Processes;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.Unit;

/// <summary>Attach-time tagging of running jobs on a directory laid out like /proc, where a process forks mid-scan.</summary>
[Trait("Category", "unit")]
public sealed class RunningJobTaggerTests : IDisposable
{
    private readonly FakeProcDirectory _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void A_process_forked_while_its_parent_was_being_tagged_is_tagged_by_the_next_pass()
    {
        _proc.AddProcess(10, ppid: 1, comm: "Runner.Worker", startTicks: 100, exe: "/r/bin/Runner.Worker", cmdline: ["/r/bin/Runner.Worker", "spawnclient", "3", "4"]);
        _proc.AddProcess(11, ppid: 10, comm: "bash", startTicks: 200, exe: "/usr/bin/bash", cmdline: ["bash", "-e", "/r/_work/_temp/x.sh"]);
        _proc.AddProcess(20, ppid: 1, comm: "Runner.Worker", startTicks: 100, exe: "/tmp/Runner.Worker", cmdline: ["/tmp/Runner.Worker", "run"]);
        _proc.AddProcess(21, ppid: 20, comm: "sleep", startTicks: 200, exe: "/usr/bin/sleep", cmdline: ["sleep", "1"]);
        var written = new List<(int Pid, JobTag Tag)>();

        var given = RunningJobTagger.TagUntilSettled(new ProcFileSystem(_proc.Root), (pid, tag) =>
        {
            written.Add((pid, tag));
            if (pid == 11)
            {
                // The step forks before its own tag reaches the kernel: the kernel gives the child nothing.
                _proc.AddProcess(12, ppid: 11, comm: "sleep", startTicks: 300, exe: "/usr/bin/sleep", cmdline: ["sleep", "0.02"]);
            }
            return tag;
        });

        var job = RunningJobs.AttachedJobId(10);
        Assert.Equal([(10, job, 0u), (11, job, 11u), (12, job, 11u)], written.Select(w => (w.Pid, w.Tag.Job, w.Tag.Step)).Order());
        Assert.Equal([10, 11, 12], given.Keys.Order());
    }

    [Fact]
    public void Outside_any_job_nothing_is_tagged()
    {
        _proc.AddProcess(30, ppid: 1, comm: "make", startTicks: 100, exe: "/usr/bin/make", cmdline: ["make"]);

        Assert.Empty(RunningJobTagger.TagUntilSettled(new ProcFileSystem(_proc.Root), (_, _) => throw new InvalidOperationException("nothing to tag")));
    }

    [Fact]
    public void A_tag_the_kernel_gave_first_is_the_one_kept()
    {
        _proc.AddProcess(10, ppid: 1, comm: "Runner.Worker", startTicks: 100, exe: "/r/bin/Runner.Worker", cmdline: ["/r/bin/Runner.Worker", "spawnclient", "3", "4"]);
        var kernels = new JobTag { Job = 7, Step = 0 }; // the worker exec'd after the programs attached

        var given = RunningJobTagger.TagUntilSettled(new ProcFileSystem(_proc.Root), (_, _) => kernels);

        Assert.Equal(kernels, given[10]);
    }
}
