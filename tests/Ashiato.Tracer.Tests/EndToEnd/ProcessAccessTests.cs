using System.Globalization;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

/// <summary>process_access from real ptrace, process_vm_readv/writev and pidfd_getfd calls.</summary>
[Collection(WorkloadCollection.Name)]
[Trait("Category", "kernel")]
public sealed class ProcessAccessTests(Workload workload)
{
    [Fact]
    public void Reading_an_unrelated_process_memory_thousands_of_times_is_reported_once_with_the_target()
    {
        using var victim = new SleepingProcess();
        var trace = AshiatoCli.Trace([workload.TamperPath, "vm-read", victim.IdText, "2000"]);

        Assert.Equal(0, trace.Run.ExitCode);
        var reader = trace.OfType("process_exec").Single(e => e.Str("filename") == workload.TamperPath).Int("pid");
        var access = Assert.Single(trace.OfType("process_access"));
        Assert.Equal(reader, access.Int("pid"));
        Assert.Equal(
            (victim.Id, "sleep", "process_vm_readv", "other", Environment.ProcessId),
            (access.Int("target_pid"), access.Str("target_comm"), access.Str("method"), access.Str("target_relation"), access.Int("target_ppid")));
        // The write to address 0 failed before the reads: it moved nothing and is not reported.
        Assert.DoesNotContain(trace.OfType("process_access"), a => a.Str("method") == "process_vm_writev");
        Assert.Equal(1, Counted(trace, "process_access"));
    }

    [Fact]
    public void Reading_its_own_memory_is_told_apart_as_self()
    {
        var trace = AshiatoCli.Trace([workload.TamperPath, "vm-read-self"]);

        Assert.Equal(0, trace.Run.ExitCode);
        var access = Assert.Single(trace.OfType("process_access"));
        Assert.Equal(access.Int("pid"), access.Int("target_pid"));
        Assert.Equal(("self", "process_vm_readv", "tamper"), (access.Str("target_relation"), access.Str("method"), access.Str("target_comm")));
    }

    [Fact]
    public void A_debugger_taking_hold_of_its_children_is_told_apart_from_a_child_reading_its_parent()
    {
        var trace = AshiatoCli.Trace([workload.TamperPath, "family"]);

        Assert.Equal(0, trace.Run.ExitCode);
        var pids = trace.Run.Stdout.Split(' ', StringSplitOptions.TrimEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var (attached, seized, middle, grandchild) = (pids[0], pids[1], pids[2], pids[3]);
        var debugger = trace.OfType("process_exec").Single(e => e.Str("filename") == workload.TamperPath).Int("pid");
        Assert.Equal(
            [
                (debugger, "ptrace_attach", attached, "child"),
                (debugger, "ptrace_seize", seized, "child"),
                (debugger, "process_vm_writev", seized, "child"),
                (middle, "process_vm_readv", debugger, "ancestor"),
                (debugger, "ptrace_seize", grandchild, "descendant"),
            ],
            trace.OfType("process_access").Select(a => (a.Int("pid"), a.Str("method"), a.Int("target_pid"), a.Str("target_relation"))));
        var grandchildAccess = trace.OfType("process_access").Single(a => a.Int("target_pid") == grandchild);
        Assert.Equal(middle, grandchildAccess.Int("target_ppid"));
    }

    [Fact]
    public void Taking_a_descriptor_of_another_process_through_a_pidfd_is_reported()
    {
        using var victim = new SleepingProcess();
        var trace = AshiatoCli.Trace([workload.TamperPath, "pidfd-getfd", victim.IdText, "1"]);

        Assert.Equal(0, trace.Run.ExitCode);
        var access = Assert.Single(trace.OfType("process_access"));
        Assert.Equal(
            (victim.Id, "sleep", "pidfd_getfd", "other"),
            (access.Int("target_pid"), access.Str("target_comm"), access.Str("method"), access.Str("target_relation")));
    }

    [Fact]
    public void A_new_program_in_the_same_process_reports_the_same_access_again()
    {
        using var victim = new SleepingProcess();
        var trace = AshiatoCli.Trace([workload.TamperPath, "vm-read-exec", victim.IdText]);

        Assert.Equal(0, trace.Run.ExitCode);
        var accesses = trace.OfType("process_access").ToList();
        Assert.Equal(2, accesses.Count);
        Assert.Single(accesses.Select(a => a.Int("pid")).Distinct());
        Assert.All(accesses, a => Assert.Equal(victim.Id, a.Int("target_pid")));
    }

    /// <summary>The count the final tracer_stats line gives for <paramref name="type"/>.</summary>
    private static long Counted(TraceResult trace, string type) =>
        trace.OfType("tracer_stats").Last().GetProperty("events").GetProperty(type).GetInt64();
}
