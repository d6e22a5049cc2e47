using Ashiato.Analysis.Diff;

namespace Ashiato.Analysis.Tests.Diff;

[Trait("Category", "unit")]
public sealed class TraceProfileBuilderTests
{
    private static RawObservation Write(string path) => new(DiffCategory.WritesOutsideWorkspace, path, "2026-11-27T10:00:00.000000Z", 7, "sh");

    [Fact]
    public void Writes_in_the_workspace_and_temp_directories_are_the_builds_own_and_others_count()
    {
        var profile = TraceProfileBuilder.Build("run.jsonl.gz",
            [
                Write("/home/runner/work/app/dist/index.js"),
                Write("/tmp/tmp.Ab12Cd34Ef/out.o"),
                Write("/dev/null"),
                Write("/home/runner/.bashrc"),
                Write("/home/runner/.bashrc"),
                Write("/etc/ld.so.preload"),
            ],
            workspace: "/home/runner/work/app");

        var writes = profile[DiffCategory.WritesOutsideWorkspace];
        Assert.Equal(["/etc/ld.so.preload", "/home/runner/.bashrc"], writes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, writes["/home/runner/.bashrc"].Count);
    }

    [Fact]
    public void A_new_write_outside_the_workspace_is_reported_and_a_folded_one_is_not()
    {
        var baseline = TraceProfileBuilder.Build("b.jsonl.gz", [Write("/home/runner/.cache/pip/http/3f/a9/0c1e2d3f4a5b6c7d8e9f0011")], "/w");
        var current = TraceProfileBuilder.Build("c.jsonl.gz",
            [Write("/home/runner/.cache/pip/http/77/b1/9d8e7f6a5b4c3d2e1f00ffee"), Write("/home/runner/.bashrc")], "/w");

        var report = BaselineDiff.Compute([baseline], current);

        var added = Assert.Single(report.New);
        Assert.Equal(DiffCategory.WritesOutsideWorkspace, added.Category);
        Assert.Equal("/home/runner/.bashrc", Assert.Single(added.Items).Key);
    }

    private static RawObservation Seen(DiffCategory category, string value, string? detail = null) =>
        new(category, value, "2026-11-27T10:00:00.000000Z", 7, "sh", detail);

    [Fact]
    public void Renames_deletes_and_chmods_fold_like_paths_and_the_builds_own_are_left_out()
    {
        var profile = TraceProfileBuilder.Build("run.jsonl.gz",
            [
                Seen(DiffCategory.Renames, "/home/runner/work/app/dist/.x.tmp", "/home/runner/work/app/dist/x"),
                Seen(DiffCategory.Renames, "/tmp/tmp.Ab12Cd34Ef/job", "/etc/cron.d/job"),
                Seen(DiffCategory.Deletes, "/tmp/tmp.Ab12Cd34Ef/out.o"),
                Seen(DiffCategory.Deletes, "/home/runner/.bash_history"),
                Seen(DiffCategory.PermissionChanges, "/home/runner/work/app/gradlew", "755"),
                Seen(DiffCategory.PermissionChanges, "/tmp/tmp.Ab12Cd34Ef/sh", "4755"),
                Seen(DiffCategory.ProcessAccesses, "Runner.Worker", "ptrace_attach"),
            ],
            workspace: "/home/runner/work/app");

        Assert.Equal(["/tmp/<tmp>/job → /etc/cron.d/job"], profile[DiffCategory.Renames].Keys);
        Assert.Equal("/tmp/tmp.Ab12Cd34Ef/job → /etc/cron.d/job", profile[DiffCategory.Renames].Values.Single().Example);
        Assert.Equal(["/home/runner/.bash_history"], profile[DiffCategory.Deletes].Keys);
        Assert.Equal(["4755 /tmp/<tmp>/sh", "755 /home/runner/work/app/gradlew"], profile[DiffCategory.PermissionChanges].Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["ptrace_attach Runner.Worker"], profile[DiffCategory.ProcessAccesses].Keys);
    }
}
