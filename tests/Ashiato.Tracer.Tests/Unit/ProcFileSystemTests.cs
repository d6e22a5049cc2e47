using System.Text;
using Ashiato.Tracer.Processes;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.Unit;

/// <summary>The /proc reader on a directory laid out like /proc, where processes can be made to vanish mid-read.</summary>
[Trait("Category", "unit")]
public sealed class ProcFileSystemTests : IDisposable
{
    private readonly FakeProcDirectory _proc = new();

    public void Dispose() => _proc.Dispose();

    [Theory]
    [InlineData("42 (bash) S 7 42 42 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 12345 0", 7, "bash", false, 12345UL)]
    [InlineData("99 (weird ) name (x)) R 1234 5 6 0 -1 2097216 0 0 0 0 0 0 0 0 20 0 1 0 7 0", 1234, "weird ) name (x)", true, 7UL)]
    public void Stat_fields_are_read_after_the_last_parenthesis(string stat, int ppid, string comm, bool kernelThread, ulong start)
    {
        var parsed = ProcFileSystem.ParseStat(stat);

        Assert.Equal(new ProcStat(comm, ppid, kernelThread, start), parsed);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("1 (x) S 0")]
    public void A_short_or_broken_stat_line_is_no_process(string stat) => Assert.Null(ProcFileSystem.ParseStat(stat));

    [Fact]
    public void Descendants_include_grandchildren_but_not_siblings()
    {
        var parents = new Dictionary<int, int> { [10] = 1, [11] = 10, [12] = 11, [20] = 1, [13] = 10 };

        Assert.Equal([10, 11, 13, 12], ProcFileSystem.Descendants(10, parents));
    }

    [Fact]
    public void A_process_that_exits_mid_snapshot_is_described_by_what_was_read_and_one_gone_before_is_left_out()
    {
        AddProcess(10, ppid: 1, comm: "Runner.Worker", startTicks: 250, exe: "/runner/bin/Runner.Worker", cmdline: ["/runner/bin/Runner.Worker", "spawnclient", "3", "4"]);
        AddProcess(11, ppid: 10, comm: "bash", startTicks: 300, exe: null, cmdline: null); // gone after its stat
        Directory.CreateDirectory(_proc.PathOf(12)); // gone before its stat
        AddProcess(2, ppid: 0, comm: "kthreadd", startTicks: 1, exe: null, cmdline: [], kernelThread: true);

        var proc = new ProcFileSystem(_proc.Root);
        var running = proc.Describe(proc.Pids());

        Assert.Equal([10, 11], running.Select(p => p.Pid));
        var worker = running[0];
        Assert.Equal("Runner.Worker", worker.Comm);
        Assert.Equal("/runner/bin/Runner.Worker", worker.Exe);
        Assert.Equal(["/runner/bin/Runner.Worker", "spawnclient", "3", "4"], worker.Args);
        Assert.Equal(1001u, worker.Uid);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddSeconds(2.5), worker.StartTime);
        var vanished = running[1];
        Assert.Equal((10, "bash"), (vanished.Ppid, vanished.Comm));
        Assert.Null(vanished.Exe);
        Assert.Empty(vanished.Args);
        Assert.Equal([10, 11], proc.ReadParents().Keys.Order());
    }

    [Fact]
    public void A_step_root_running_at_attach_gives_its_identity_variables_and_nothing_else()
    {
        AddProcess(11, ppid: 10, comm: "bash", startTicks: 300, exe: "/usr/bin/bash", cmdline: ["bash", "-e", "/r/_work/_temp/x.sh"]);
        var environ = "GITHUB_TOKEN=ghs_secret\0GITHUB_ACTION=__run_2\0INPUT_TOKEN=ghs_secret\0GITHUB_REPOSITORY=o/r\0"
            + "GITHUB_ACTION=second\0RUNNER_NAME=" + new string('n', 300) + "\0";
        File.WriteAllText(Path.Combine(_proc.PathOf(11), "environ"), environ);

        var identity = new ProcFileSystem(_proc.Root).ReadStepIdentity(11);

        Assert.NotNull(identity);
        Assert.Equal(["GITHUB_ACTION", "GITHUB_REPOSITORY", "RUNNER_NAME"], identity.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("__run_2", identity["GITHUB_ACTION"]); // the first of a name set twice, as getenv(3) finds it
        Assert.Equal(256, identity["RUNNER_NAME"].Length); // cut as the kernel cuts values
        Assert.Null(new ProcFileSystem(_proc.Root).ReadStepIdentity(12)); // gone
    }

    [Fact]
    public void Variables_that_start_past_the_kernel_scan_bound_are_not_read()
    {
        var padding = "PAD=" + new string('x', (1 << 20) - 5) + "\0"; // exactly one MiB
        var environ = Encoding.UTF8.GetBytes(padding + "GITHUB_ACTION=late\0");

        Assert.Null(ProcFileSystem.ParseEnviron(environ, Abi.ExecEnvNames.IsStepIdentity));
        Assert.Equal("early", ProcFileSystem.ParseEnviron(Encoding.UTF8.GetBytes("GITHUB_ACTION=early\0" + padding), Abi.ExecEnvNames.IsStepIdentity)!["GITHUB_ACTION"]);
    }

    private void AddProcess(int pid, int ppid, string comm, ulong startTicks, string? exe, string[]? cmdline, bool kernelThread = false) =>
        _proc.AddProcess(pid, ppid, comm, startTicks, exe, cmdline, kernelThread);
}
