using System.Text.Json;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

/// <summary>file_rename, file_delete and file_chmod from a real traced shell and C program.</summary>
[Collection(WorkloadCollection.Name)]
[Trait("Category", "kernel")]
public sealed class FileChangeTests(Workload workload)
{
    [Fact]
    public void A_shell_moving_chmodding_and_removing_files_by_relative_names_reports_absolute_paths()
    {
        var directory = FreshDirectory("shell");

        var trace = AshiatoCli.Trace(
            ["sh", "-c", "touch a && mv a b && chmod 4755 b && rm b && mkdir d && rmdir d"], workingDirectory: directory);

        Assert.Equal(0, trace.Run.ExitCode);
        var rename = Assert.Single(trace.OfType("file_rename"));
        Assert.Equal(($"{directory}/a", $"{directory}/b", "mv"), (rename.Str("path"), rename.Str("new_path"), rename.Str("comm")));
        var chmod = Assert.Single(trace.OfType("file_chmod"));
        Assert.Equal(($"{directory}/b", "4755"), (chmod.Str("path"), chmod.Str("mode")));
        Assert.Equal(
            [($"{directory}/b", false), ($"{directory}/d", true)],
            trace.OfType("file_delete").Select(d => (d.Str("path"), IsDirectory(d))));
        var shell = trace.OfType("process_exec").First().Int("pid");
        Assert.All(trace.OfType("file_delete"), d => Assert.Equal(shell, d.Int("ppid")));
    }

    [Fact]
    public void The_plain_syscalls_join_relative_names_to_the_working_directory()
    {
        var directory = FreshDirectory("relative");

        var trace = AshiatoCli.Trace([workload.TamperPath, "relative", directory]);

        Assert.Equal(0, trace.Run.ExitCode);
        var rename = Assert.Single(trace.OfType("file_rename"));
        Assert.Equal(($"{directory}/a", $"{directory}/b"), (rename.Str("path"), rename.Str("new_path")));
        var chmod = Assert.Single(trace.OfType("file_chmod"));
        Assert.Equal(($"{directory}/b", "4755"), (chmod.Str("path"), chmod.Str("mode")));
        Assert.Equal(
            [($"{directory}/b", false), ($"{directory}/gone", true)],
            trace.OfType("file_delete").Select(d => (d.Str("path"), IsDirectory(d))));
    }

    [Fact]
    public void The_at_syscalls_join_names_to_their_directory_descriptor_and_fchmod_names_the_descriptor_file()
    {
        var parent = FreshDirectory("dirfd");
        var directory = Directory.CreateDirectory(Path.Combine(parent, "dir")).FullName;

        var trace = AshiatoCli.Trace([workload.TamperPath, "dirfd", directory]);

        Assert.Equal(0, trace.Run.ExitCode);
        Assert.Equal(
            [($"{directory}/x", $"{directory}/y"), ($"{directory}/y", $"{parent}/z")],
            trace.OfType("file_rename").Select(r => (r.Str("path"), r.Str("new_path"))));
        Assert.Equal(
            [($"{parent}/z", "700"), ($"{parent}/z", "640"), ($"{directory}/held", "600")],
            trace.OfType("file_chmod").Select(c => (c.Str("path"), c.Str("mode"))));
        Assert.Equal(
            [($"{parent}/z", false), ($"{directory}/sub", true)],
            trace.OfType("file_delete").Select(d => (d.Str("path"), IsDirectory(d))));
        var mechanisms = trace.OfType("trace_meta").Single().GetProperty("mechanisms");
        Assert.Equal("tracepoint/syscalls/sys_exit_{chmod,fchmod,fchmodat,fchmodat2}", mechanisms.Str("file_chmod"));
    }

    [Fact]
    public void Calls_that_fail_are_not_reported()
    {
        var directory = FreshDirectory("failing");

        var trace = AshiatoCli.Trace([workload.TamperPath, "failing", directory]);

        Assert.Equal(0, trace.Run.ExitCode);
        Assert.Empty(trace.OfType("file_rename"));
        Assert.Empty(trace.OfType("file_delete"));
        // Only the one chmod that succeeded, after eight calls that failed.
        var chmod = Assert.Single(trace.OfType("file_chmod"));
        Assert.Equal(($"{directory}/present", "604"), (chmod.Str("path"), chmod.Str("mode")));
    }

    private string FreshDirectory(string purpose) =>
        Directory.CreateDirectory(Path.Combine(workload.Directory, $"{purpose}-{Guid.NewGuid():N}")).FullName;

    private static bool IsDirectory(JsonElement delete) =>
        delete.TryGetProperty("directory", out var directory) && directory.GetBoolean();
}
