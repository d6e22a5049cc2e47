using System.Text;
using Ashiato.Tracer.Processes;

namespace Ashiato.Tracer.Tests.Unit;

/// <summary>The /proc reader on a directory laid out like /proc, where processes can be made to vanish mid-read.</summary>
[Trait("Category", "unit")]
public sealed class ProcFileSystemTests : IDisposable
{
    private readonly DirectoryInfo _proc = Directory.CreateTempSubdirectory("ashiato-proc-");

    public void Dispose() => _proc.Delete(recursive: true);

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
        File.WriteAllText(Path.Combine(_proc.FullName, "stat"), "cpu 1 2 3\nbtime 1700000000\n");
        AddProcess(10, ppid: 1, comm: "Runner.Worker", startTicks: 250, exe: "/runner/bin/Runner.Worker", cmdline: ["/runner/bin/Runner.Worker", "spawnclient", "3", "4"]);
        AddProcess(11, ppid: 10, comm: "bash", startTicks: 300, exe: null, cmdline: null); // gone after its stat
        Directory.CreateDirectory(Path.Combine(_proc.FullName, "12")); // gone before its stat
        AddProcess(2, ppid: 0, comm: "kthreadd", startTicks: 1, exe: null, cmdline: [], kernelThread: true);

        var proc = new ProcFileSystem(_proc.FullName);
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

    private void AddProcess(int pid, int ppid, string comm, ulong startTicks, string? exe, string[]? cmdline, bool kernelThread = false)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_proc.FullName, pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        var flags = kernelThread ? 0x00200000 : 0x00400100;
        File.WriteAllText(Path.Combine(directory, "stat"), $"{pid} ({comm}) S {ppid} {pid} {pid} 0 -1 {flags} 0 0 0 0 0 0 0 0 20 0 1 0 {startTicks} 0 0");
        if (cmdline is null)
        {
            return; // exited: nothing more can be read
        }
        File.WriteAllText(Path.Combine(directory, "comm"), comm + "\n");
        File.WriteAllText(Path.Combine(directory, "status"), $"Name:\t{comm}\nUid:\t1001\t1001\t1001\t1001\n");
        File.WriteAllBytes(Path.Combine(directory, "cmdline"), Encoding.UTF8.GetBytes(string.Concat(cmdline.Select(a => a + "\0"))));
        if (exe is not null)
        {
            File.CreateSymbolicLink(Path.Combine(directory, "exe"), exe);
            File.CreateSymbolicLink(Path.Combine(directory, "cwd"), "/");
        }
    }
}
