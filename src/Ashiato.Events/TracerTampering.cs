using System.Globalization;

namespace Ashiato.Events;

/// <summary>
/// A signal another process sent the tracer (record <c>signal</c>): the record's pid, comm, job and step are the
/// sender's. A job step stopping or killing <c>ashiato agent</c> is named by it.
/// </summary>
public sealed record SignalSent : ProcessEvent
{
    public override EventKind Kind => EventKind.Signal;

    /// <summary>The tracer's pid.</summary>
    public required int TargetPid { get; init; }

    public required int Signal { get; init; }

    /// <summary>False when the kernel dropped it (ignored, or already pending).</summary>
    public required bool Delivered { get; init; }
}

/// <summary>The bpf() commands that take programs off their hooks or swap them.</summary>
public enum BpfCommand
{
    ProgDetach,
    LinkUpdate,
    LinkDetach,
}

public static class BpfCommandNames
{
    public static string ToWire(this BpfCommand command) => command switch
    {
        BpfCommand.ProgDetach => "BPF_PROG_DETACH",
        BpfCommand.LinkUpdate => "BPF_LINK_UPDATE",
        BpfCommand.LinkDetach => "BPF_LINK_DETACH",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };
}

/// <summary>Another process detached or replaced BPF programs (record <c>bpf_call</c>): perhaps the tracer's.</summary>
public sealed record BpfCall : ProcessEvent
{
    public override EventKind Kind => EventKind.BpfCall;

    public required BpfCommand Command { get; init; }
}

/// <summary>Linux x86-64 signal names, as kill -l prints them.</summary>
public static class SignalNames
{
    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV",
        "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU",
        "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    public static string Of(int signal) =>
        signal > 0 && signal < Names.Length ? Names[signal] : string.Create(CultureInfo.InvariantCulture, $"SIG{signal}");
}
