using Ashiato.Events;

namespace Ashiato.Tracer.Kernel;

/// <summary>One program attached to the exits of several syscalls that make one event type.</summary>
internal sealed record SyscallExitGroup(string Program, EventKind Kind, IReadOnlyList<string> Syscalls);

/// <summary>
/// Programs that the tracer attaches itself, each to several syscall exits (their section is a bare <c>tp</c>, which
/// libbpf does not attach). The program tells the syscalls apart by number, so the kernel verifies one copy: a
/// program that builds paths takes it about 75 ms, and one per syscall would have added most of a second to every
/// trace's start. The programs in bpf/tamper.bpf.c handle exactly these syscalls.
/// </summary>
internal static class SyscallExitGroups
{
    public static IReadOnlyList<SyscallExitGroup> All { get; } =
    [
        new("on_file_change_exit", EventKind.FileRename, ["rename", "renameat", "renameat2"]),
        new("on_file_change_exit", EventKind.FileDelete, ["unlink", "unlinkat", "rmdir"]),
        new("on_file_change_exit", EventKind.FileChmod, ["chmod", "fchmod", "fchmodat", "fchmodat2"]),
        new("on_process_access_exit", EventKind.ProcessAccess, ["ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd"]),
    ];

    public const string TracepointCategory = "syscalls";

    public static string Tracepoint(string syscall) => $"sys_exit_{syscall}";

    /// <summary>Whether this kernel has the syscall's exit tracepoint (fchmodat2 came with Linux 6.6).</summary>
    public static bool Exists(string syscall) =>
        Directory.Exists(Path.Combine(TracerPreflight.TracefsPath, "events", TracepointCategory, Tracepoint(syscall)));

    /// <summary>As trace_meta names a mechanism: <c>tracepoint/syscalls/sys_exit_{rename,renameat}</c>.</summary>
    public static string Mechanism(IReadOnlyCollection<string> syscalls) =>
        syscalls.Count == 0
            ? "none (no such syscall tracepoints on this kernel)"
            : $"tracepoint/{TracepointCategory}/sys_exit_{{{string.Join(',', syscalls)}}}";
}
