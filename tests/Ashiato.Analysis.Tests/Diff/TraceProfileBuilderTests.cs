using Ashiato.Analysis.Diff;

namespace Ashiato.Analysis.Tests.Diff;

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
}
