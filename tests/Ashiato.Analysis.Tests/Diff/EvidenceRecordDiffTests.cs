using Ashiato.Analysis.Diff;
using Ashiato.Analysis.Tests.Detection;
using static Ashiato.Analysis.Tests.Detection.HandWrittenTrace;

namespace Ashiato.Analysis.Tests.Diff;

[Trait("Category", "unit")]
public sealed class EvidenceRecordDiffTests
{
    /// <summary>One run of a job: its own pids, temp folder and a debugger on the job's own test binary.</summary>
    private static List<string> Run(int pidBase, string temp) =>
    [
        Snapshot(0, pidBase, 100, "/home/runner/actions-runner/bin/Runner.Worker", "/home/runner/actions-runner/bin/Runner.Worker", "spawnclient"),
        Exec(1, pidBase + 1, pidBase, "/usr/bin/bash", "bash", "-e", "/home/runner/work/_temp/step.sh"),
        Exec(2, pidBase + 2, pidBase + 1, "/usr/bin/gdb", "gdb", "./test"),
        Access(3, pidBase + 2, pidBase + 1, "gdb", pidBase + 3, "test", pidBase + 2, "ptrace_seize", "child"),
        Chmod(4, pidBase + 1, pidBase, "/home/runner/work/app/app/gradlew", "755"),
        Rename(5, pidBase + 1, pidBase, $"{temp}/cache.part", "/home/runner/.cache/tool/cache"),
        Delete(6, pidBase + 1, pidBase, $"{temp}/cache.part"),
    ];

    [Fact]
    public async Task A_run_that_suddenly_attaches_to_the_worker_and_plants_a_cron_entry_shows_only_that_as_new()
    {
        using var first = new HandWrittenTrace(Run(1000, "/tmp/tmp.AAAAAAAA"));
        using var second = new HandWrittenTrace(Run(2000, "/tmp/tmp.BBBBBBBB"));
        var attacked = Run(3000, "/tmp/tmp.CCCCCCCC");
        attacked.AddRange(
        [
            Exec(7, 3009, 3001, "/usr/bin/node", "node", "index.js"),
            Access(8, 3009, 3001, "node", 3000, "Runner.Worker", 100, "ptrace_attach", "other"),
            Rename(9, 3009, 3001, "/tmp/tmp.CCCCCCCC/job", "/etc/cron.d/job"),
            Delete(10, 3009, 3001, "/home/runner/.bash_history"),
            Chmod(11, 3009, 3001, "/tmp/tmp.CCCCCCCC/sh", "4755"),
        ]);
        using var current = new HandWrittenTrace(attacked);

        var same = await BaselineDiff.ComputeAsync([first.Path], second.Path);
        var report = await BaselineDiff.ComputeAsync([first.Path, second.Path], current.Path);

        Assert.False(same.HasNew);
        var news = report.New.ToDictionary(n => n.Category, n => n.Items.Select(i => i.Key).ToList());
        Assert.Equal(["/usr/bin/node"], news[DiffCategory.Executables]);
        Assert.Equal(5, news.Count);
        Assert.Equal(["ptrace_attach Runner.Worker"], news[DiffCategory.ProcessAccesses]);
        Assert.Equal(["/tmp/<tmp>/job → /etc/cron.d/job"], news[DiffCategory.Renames]);
        Assert.Equal(["/home/runner/.bash_history"], news[DiffCategory.Deletes]);
        Assert.Equal(["4755 /tmp/<tmp>/sh"], news[DiffCategory.PermissionChanges]);
        var access = report.New.Single(n => n.Category == DiffCategory.ProcessAccesses).Items.Single();
        Assert.Equal((3009L, "node"), (access.Pid, access.Comm));
    }

    [Fact]
    public async Task The_workspace_is_where_the_first_traced_exec_ran_not_where_a_snapshot_process_runs()
    {
        using var baseline = new HandWrittenTrace([Exec(0, 10, 1, "/usr/bin/true", "true")]);
        using var current = new HandWrittenTrace(
        [
            Snapshot(0, 200, 100, "/home/runner/actions-runner/bin/Runner.Worker", "/home/runner/actions-runner/bin/Runner.Worker", "spawnclient")
                .Replace("\"snapshot\":true", "\"snapshot\":true,\"cwd\":\"/home/runner/actions-runner\"", StringComparison.Ordinal),
            ExecWithEnv(1, 300, 200, [], "/usr/bin/make", "make"),
            Write(2, 300, 200, "make", "/home/runner/work/app/app/dist/app", 4096),
            Write(2, 300, 200, "make", "/home/runner/actions-runner/_diag/log.txt", 100),
        ]);

        var report = await BaselineDiff.ComputeAsync([baseline.Path], current.Path);

        var writes = report.New.Single(n => n.Category == DiffCategory.WritesOutsideWorkspace).Items.Select(i => i.Key);
        Assert.Equal(["/home/runner/actions-runner/_diag/log.txt"], writes);
    }
}
