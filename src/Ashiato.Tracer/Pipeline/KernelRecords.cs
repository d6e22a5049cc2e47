using System.Net;
using Ashiato.Events;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Kernel;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// The header every kernel record carries, decoded. <paramref name="Job"/> is the id of the job the process is in (0
/// outside any job; bpf/ashiato.h struct job_tag), <paramref name="StepRoot"/> the tgid of its step's root (0 for the
/// worker, and only for it).
/// </summary>
public readonly record struct RecordContext(
    RecordKind Kind, ulong KtimeNs, int Tgid, int Tid, int Ppid, uint Uid, string Comm, int Job = 0, int StepRoot = 0);

/// <summary>A record as the kernel wrote it, decoded but not yet enriched (no wall-clock time, no joined paths).</summary>
public abstract record KernelRecord;

public abstract record ObservedRecord(RecordContext Context) : KernelRecord;

/// <summary>An exec; <see cref="Env"/> holds the allow-listed environment variables that were set (null when none were).</summary>
public sealed record ExecObserved(
    RecordContext Context, string Filename, IReadOnlyList<string> Args, bool ArgsTruncated, string Exe, string Cwd,
    IReadOnlyDictionary<string, string>? Env, bool EnvTruncated)
    : ObservedRecord(Context)
{
    /// <summary>A step root's identifying variables (GITHUB_ACTION, GITHUB_REPOSITORY, ...), for its step record only.</summary>
    public IReadOnlyDictionary<string, string>? StepIdentity { get; init; }
}

/// <summary>A new process: <see cref="RecordContext.Tgid"/> is the child, <see cref="RecordContext.Ppid"/> the process that forked it.</summary>
public sealed record ForkObserved(RecordContext Context, int ParentTid) : ObservedRecord(Context);

public sealed record ExitObserved(RecordContext Context, int ExitStatus) : ObservedRecord(Context);

public sealed record OpenObserved(
    RecordContext Context, OpenFlags Flags, int Dirfd, string Name, string BaseDirectory, string ResolvedPath)
    : ObservedRecord(Context);

public sealed record WriteStarted(RecordContext Context, ulong FileId, string Path) : ObservedRecord(Context);

public sealed record WriteFinished(RecordContext Context, ulong FileId, long Bytes, long Calls) : ObservedRecord(Context);

public sealed record ConnectObserved(RecordContext Context, IPEndPoint Destination, NetProtocol Protocol, bool ViaSendmsg)
    : ObservedRecord(Context);

/// <summary>A path as the process named it: its string and, for a relative one, the directory it was relative to.</summary>
public readonly record struct NamedPath(string Name, string BaseDirectory);

public sealed record RenameObserved(RecordContext Context, NamedPath From, NamedPath To) : ObservedRecord(Context);

public sealed record DeleteObserved(RecordContext Context, NamedPath Path, bool Directory) : ObservedRecord(Context);

/// <summary>A chmod; <see cref="Mode"/> holds the 07777 bits asked for.</summary>
public sealed record ChmodObserved(RecordContext Context, NamedPath Path, int Mode) : ObservedRecord(Context);

public sealed record AccessObserved(
    RecordContext Context, AccessMethod Method, int TargetPid, int TargetPpid, string TargetComm, ProcessRelation Relation)
    : ObservedRecord(Context);

/// <summary>A signal another process sent the tracer; the context is the sender's.</summary>
public sealed record SignalObserved(RecordContext Context, int TargetPid, int Signal, int Result, bool Group) : ObservedRecord(Context);

/// <summary>A bpf() command of another process that detached or replaced programs.</summary>
public sealed record BpfCallObserved(RecordContext Context, BpfCommand Command, int Result) : ObservedRecord(Context);

/// <summary>What one syscall sent to or received from a DNS server; <see cref="Payload"/> may be cut (see <see cref="TotalLength"/>).</summary>
public sealed record DnsPacketObserved(
    RecordContext Context, bool IsReply, NetProtocol Protocol, IPEndPoint? Server, byte[] Payload, int TotalLength, ulong SocketId)
    : ObservedRecord(Context);

/// <summary>
/// Loss counters as seen by the source: the kernel's and the user-space queue's. Flows down the pipeline so
/// that the sink can write tracer_stats without asking anyone upstream.
/// </summary>
public sealed record CountersObserved(
    KernelCounters Kernel, IReadOnlyDictionary<RecordKind, long> UserSpaceLosses, long MalformedDns, bool Final, ulong KtimeNs)
    : KernelRecord
{
    /// <summary>The same counters with <paramref name="lost"/> more records of <paramref name="kind"/> lost downstream.</summary>
    public CountersObserved WithLoss(RecordKind kind, long lost)
    {
        if (lost == 0)
        {
            return this;
        }
        var losses = new Dictionary<RecordKind, long>(UserSpaceLosses);
        losses[kind] = losses.GetValueOrDefault(kind) + lost;
        return this with { UserSpaceLosses = losses };
    }
}
