using System.Runtime.InteropServices;
using System.Text;
using Ashiato.Events;
using Ashiato.Events.Jsonl;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Kernel;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// Runs decode → enrich → sink once, before the traced command starts, over one made-up record of every kind into a
/// trace nobody keeps. ReadyToRun cannot precompile generic code of other assemblies instantiated over the tracer's
/// types (its channels, lists, dictionaries and async state machines), so without this the first records of each
/// kind paid for JIT compilation and for the GC heap's first growth while the job ran: about a quarter of the
/// tracer's CPU during a 300-file make -j2 (perf). The trace session runs it while the kernel verifies the BPF
/// programs, on the other core.
/// </summary>
internal static class PipelineWarmup
{
    private const uint Pid = 2;
    private const uint SubshellPid = 3;
    private const ulong FileId = 0xf11e;
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;
    private const byte TcpProtocol = 6;
    private const byte UdpProtocol = 17;
    private const int AtFdCwd = -100;
    private const uint ExecutableMode = 0x1ed; // 0755

    /// <summary>Writes the made-up trace to <paramref name="output"/> (Stream.Null outside tests).</summary>
    public static async Task<TraceSummary> RunAsync(Stream output)
    {
        var clock = KernelClock.Now();
        var now = (ulong)KernelClock.MonotonicNs();
        var channel = TracePipeline.CreateSourceChannel();
        var meta = new TraceMeta
        {
            Timestamp = DateTimeOffset.UtcNow,
            TracerVersion = "warm-up",
            Kernel = "warm-up",
            Hostname = "warm-up",
            Scope = TraceScope.Command,
        };
        var stages = TracePipeline.RunStages(channel.Reader, new TraceFileWriter(output, gzip: true), meta, clock, new TraceProgress());
        var batch = new RecordBatch();
        foreach (var record in Records(now))
        {
            batch.Append(record);
        }
        var noLosses = new KernelCounters(new Dictionary<RecordKind, long>(), new Dictionary<StatSlot, long>());
        await channel.Writer.WriteAsync(new SourceItem(batch, null));
        await channel.Writer.WriteAsync(new SourceItem(null, new CountersObserved(noLosses, new Dictionary<RecordKind, long>(), 0, Final: false, now)));
        await channel.Writer.WriteAsync(new SourceItem(null, new CountersObserved(noLosses, new Dictionary<RecordKind, long>(), 0, Final: true, now)));
        channel.Writer.Complete();
        return await stages;
    }

    /// <summary>
    /// A process that forks a subshell, resolves a name, connects, reads a file, writes one, renames, deletes and
    /// chmods files, reads its child's memory and exits.
    /// </summary>
    private static IEnumerable<byte[]> Records(ulong now)
    {
        yield return Record(RecordKind.Exec, now, new ExecRecord { ArgsLen = 8, FilenameLen = 7, ExeLen = 13, CwdLen = 1 },
            "sh\0true\0", "/bin/sh", "/usr/bin/dash", "/");
        yield return Record(RecordKind.FileOpen, now, new FileOpenRecord { Dirfd = AtFdCwd, NameLen = 12, BaseLen = 1, ResolvedLen = 13 },
            "etc/hostname", "/", "/etc/hostname");
        yield return Record(RecordKind.WriteOpen, now, new WriteOpenRecord { FileId = FileId, PathLen = 10 }, "/tmp/out.o");
        yield return Record(RecordKind.WriteClose, now, new WriteCloseRecord { FileId = FileId, Bytes = 3, Calls = 1 });
        var query = DnsMessage(reply: false);
        var reply = DnsMessage(reply: true);
        yield return Record(RecordKind.DnsPacket, now, Dns(DnsPacketRecord.DirectionQuery, query.Length), query);
        yield return Record(RecordKind.DnsPacket, now, Dns(DnsPacketRecord.DirectionReply, reply.Length), reply);
        yield return Record(RecordKind.NetConnect, now, Connect(AfInet, [127, 0, 0, 1]));
        yield return Record(RecordKind.NetConnect, now, Connect(AfInet6, [.. new byte[15], 1]));
        yield return OfSubshell(Record(RecordKind.Fork, now, new ForkRecord { ParentTid = Pid }));
        yield return OfSubshell(Record(RecordKind.FileOpen, now, new FileOpenRecord { Dirfd = AtFdCwd, NameLen = 9, ResolvedLen = 9 }, "/dev/null", "/dev/null"));
        yield return Record(RecordKind.FileRename, now, new FileChangeRecord { NameLen = 5, BaseLen = 4, NewNameLen = 7, NewBaseLen = 4 },
            "out.o", "/tmp", "final.o", "/tmp");
        yield return Record(RecordKind.FileDelete, now, new FileChangeRecord { NameLen = 10 }, "/tmp/out.d");
        yield return Record(RecordKind.FileChmod, now, new FileChangeRecord { Mode = ExecutableMode, NameLen = 12 }, "/tmp/final.o");
        yield return Record(RecordKind.ProcessAccess, now, ChildMemoryRead());
        yield return Record(RecordKind.Signal, now, new SignalRecord { TargetTgid = 1, Signal = 15 });
        yield return Record(RecordKind.BpfCall, now, new BpfCallRecord { Cmd = BpfCallRecord.LinkDetach });
        yield return Record(RecordKind.Exit, now, new ExitRecord { ExitCode = 0 });
    }

    private static unsafe DnsPacketRecord Dns(byte direction, int length)
    {
        var record = new DnsPacketRecord
        {
            Family = AfInet,
            Port = 53,
            Direction = direction,
            Protocol = UdpProtocol,
            PayloadLen = (ushort)length,
            TotalLen = (uint)length,
            SocketId = 1,
        };
        record.Addr[0] = 127;
        record.Addr[3] = 1;
        return record;
    }

    private static unsafe ProcessAccessRecord ChildMemoryRead()
    {
        var record = new ProcessAccessRecord
        {
            TargetTgid = Pid + 1,
            TargetPpid = Pid,
            Method = ProcessAccessRecord.MethodProcessVmReadv,
            Relation = ProcessAccessRecord.RelationChild,
        };
        "true"u8.CopyTo(new Span<byte>(record.TargetComm, AbiLimits.CommLength));
        return record;
    }

    private static unsafe NetConnectRecord Connect(ushort family, byte[] address)
    {
        var record = new NetConnectRecord { Family = family, Port = 443, Protocol = TcpProtocol };
        address.CopyTo(new Span<byte>(record.Addr, 16));
        return record;
    }

    /// <summary>An A query for warm-up.invalid, or its reply with one address (the name by compression pointer).</summary>
    private static byte[] DnsMessage(bool reply)
    {
        var message = new List<byte>();
        message.AddRange([0x12, 0x34, (byte)(reply ? 0x81 : 0x01), (byte)(reply ? 0x80 : 0x00), 0, 1, 0, (byte)(reply ? 1 : 0), 0, 0, 0, 0]);
        foreach (var label in new[] { "warm-up", "invalid" })
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }
        message.AddRange([0, 0, 1, 0, 1]);
        if (reply)
        {
            message.AddRange([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
        }
        return [.. message];
    }

    /// <summary>The same record made by a child the warm-up process forked (and that never exec'd).</summary>
    private static byte[] OfSubshell(byte[] record)
    {
        var header = MemoryMarshal.Read<RecordHeader>(record);
        header.Tgid = header.Tid = SubshellPid;
        header.Ppid = Pid;
        MemoryMarshal.Write(record, in header);
        return record;
    }

    /// <summary>A record as the kernel writes it: header and fixed part, then its strings back to back.</summary>
    private static byte[] Record<T>(RecordKind kind, ulong now, T fixedPart, params string[] strings)
        where T : unmanaged =>
        Record(kind, now, fixedPart, Encoding.UTF8.GetBytes(string.Concat(strings)));

    private static unsafe byte[] Record<T>(RecordKind kind, ulong now, T fixedPart, byte[] tail)
        where T : unmanaged
    {
        var bytes = new byte[sizeof(T) + tail.Length];
        MemoryMarshal.Write(bytes, in fixedPart);
        tail.CopyTo(bytes, sizeof(T));
        var header = new RecordHeader
        {
            Kind = (ushort)kind,
            Size = (uint)bytes.Length,
            KtimeNs = now,
            Tgid = Pid,
            Tid = Pid,
            Ppid = 1,
        };
        "sh"u8.CopyTo(new Span<byte>(header.Comm, AbiLimits.CommLength));
        MemoryMarshal.Write(bytes, in header);
        return bytes;
    }
}
