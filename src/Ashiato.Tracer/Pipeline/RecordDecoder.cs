using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Ashiato.Events;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Net;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// Decodes ring-buffer records (the structs of bpf/ashiato.h plus their trailing strings). Pure: bytes in,
/// records out; a record that is too short or inconsistent gives null and is counted by the caller. Strings come
/// from the caller's <see cref="Utf8StringCache"/>, so repeated names share one instance.
/// </summary>
public static class RecordDecoder
{
    private const byte UdpProtocolNumber = 17;

    public static ObservedRecord? Decode(ReadOnlySpan<byte> record, Utf8StringCache strings)
    {
        if (!TryRead(record, out RecordHeader header) || header.Size > record.Length)
        {
            return null;
        }
        var context = ReadContext(header, strings);
        return (RecordKind)header.Kind switch
        {
            RecordKind.Exec => DecodeExec(record, context, header, strings),
            RecordKind.Exit => TryRead(record, out ExitRecord exit) ? new ExitObserved(context, exit.ExitCode) : null,
            RecordKind.Fork => TryRead(record, out ForkRecord fork) ? new ForkObserved(context, (int)fork.ParentTid) : null,
            RecordKind.FileOpen => DecodeOpen(record, context, strings),
            RecordKind.WriteOpen => DecodeWriteOpen(record, context, strings),
            RecordKind.WriteClose => TryRead(record, out WriteCloseRecord close)
                ? new WriteFinished(context, close.FileId, (long)close.Bytes, (long)close.Calls)
                : null,
            RecordKind.NetConnect => DecodeConnect(record, context),
            RecordKind.DnsPacket => DecodeDnsPacket(record, context),
            RecordKind.FileRename or RecordKind.FileDelete or RecordKind.FileChmod => DecodeFileChange(record, context, header, strings),
            RecordKind.ProcessAccess => DecodeAccess(record, context, strings),
            RecordKind.Signal => TryRead(record, out SignalRecord signal)
                ? new SignalObserved(context, (int)signal.TargetTgid, signal.Signal, signal.Result, signal.Group != 0)
                : null,
            RecordKind.BpfCall => DecodeBpfCall(record, context),
            _ => null,
        };
    }

    /// <summary>argv as the kernel keeps it: NUL-terminated strings back to back.</summary>
    public static IReadOnlyList<string> SplitArgs(ReadOnlySpan<byte> args)
    {
        var list = new List<string>();
        while (!args.IsEmpty)
        {
            var end = args.IndexOf((byte)0);
            if (end < 0)
            {
                list.Add(Encoding.UTF8.GetString(args)); // cut at the capture window
                break;
            }
            list.Add(Encoding.UTF8.GetString(args[..end]));
            args = args[(end + 1)..];
        }
        return list;
    }

    private static ExecObserved? DecodeExec(ReadOnlySpan<byte> record, RecordContext context, RecordHeader header, Utf8StringCache cache)
    {
        if (!TryRead(record, out ExecRecord exec))
        {
            return null;
        }
        var strings = new StringCursor(record[Marshal.SizeOf<ExecRecord>()..], cache);
        var args = strings.TakeBytes((int)exec.ArgsLen);
        var filename = strings.Take(exec.FilenameLen);
        var exe = strings.Take(exec.ExeLen);
        var cwd = strings.Take(exec.CwdLen);
        var env = strings.TakeBytes(exec.EnvLen);
        if (!strings.Complete)
        {
            return null;
        }
        return new ExecObserved(
            context, filename, SplitArgs(args), (header.Flags & ExecRecord.FlagArgsTruncated) != 0, exe, cwd,
            DecodeEnv(env, cache, out var identity), (header.Flags & ExecRecord.FlagEnvTruncated) != 0)
        {
            StepIdentity = identity,
        };
    }

    /// <summary>
    /// The "NAME=value" entries (NUL-terminated, in the environment's order) that the kernel let through, as a
    /// dictionary; null when there are none. Names off the allow-list are dropped here too, and a name set twice keeps
    /// its first value, the one getenv(3) returns. A step root's step-identity variables go to
    /// <paramref name="identity"/>, never into the returned environment.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? DecodeEnv(
        ReadOnlySpan<byte> entries, Utf8StringCache cache, out IReadOnlyDictionary<string, string>? identity)
    {
        Dictionary<string, string>? env = null;
        Dictionary<string, string>? step = null;
        while (!entries.IsEmpty)
        {
            var end = entries.IndexOf((byte)0);
            var entry = end < 0 ? entries : entries[..end];
            entries = end < 0 ? default : entries[(end + 1)..];
            var equals = entry.IndexOf((byte)'=');
            if (equals <= 0)
            {
                continue;
            }
            var name = cache.Get(entry[..equals]);
            if (ExecEnvNames.IsAllowed(name))
            {
                env ??= new Dictionary<string, string>(StringComparer.Ordinal);
                env.TryAdd(name, cache.Get(entry[(equals + 1)..]));
            }
            else if (ExecEnvNames.IsStepIdentity(name))
            {
                step ??= new Dictionary<string, string>(StringComparer.Ordinal);
                step.TryAdd(name, cache.Get(entry[(equals + 1)..]));
            }
        }
        identity = step;
        return env;
    }

    private static OpenObserved? DecodeOpen(ReadOnlySpan<byte> record, RecordContext context, Utf8StringCache cache)
    {
        if (!TryRead(record, out FileOpenRecord open))
        {
            return null;
        }
        var strings = new StringCursor(record[Marshal.SizeOf<FileOpenRecord>()..], cache);
        var name = strings.Take(open.NameLen);
        var baseDirectory = strings.Take(open.BaseLen);
        var resolved = strings.Take(open.ResolvedLen);
        return strings.Complete
            ? new OpenObserved(context, new OpenFlags((int)open.OpenFlags), open.Dirfd, name, baseDirectory, resolved)
            : null;
    }

    private static WriteStarted? DecodeWriteOpen(ReadOnlySpan<byte> record, RecordContext context, Utf8StringCache cache)
    {
        if (!TryRead(record, out WriteOpenRecord open))
        {
            return null;
        }
        var strings = new StringCursor(record[Marshal.SizeOf<WriteOpenRecord>()..], cache);
        var path = strings.Take(open.PathLen);
        return strings.Complete ? new WriteStarted(context, open.FileId, path) : null;
    }

    private static ObservedRecord? DecodeFileChange(ReadOnlySpan<byte> record, RecordContext context, RecordHeader header, Utf8StringCache cache)
    {
        if (!TryRead(record, out FileChangeRecord change))
        {
            return null;
        }
        var strings = new StringCursor(record[Marshal.SizeOf<FileChangeRecord>()..], cache);
        var path = new NamedPath(strings.Take(change.NameLen), strings.Take(change.BaseLen));
        var newPath = new NamedPath(strings.Take(change.NewNameLen), strings.Take(change.NewBaseLen));
        if (!strings.Complete)
        {
            return null;
        }
        return context.Kind switch
        {
            RecordKind.FileRename => new RenameObserved(context, path, newPath),
            RecordKind.FileDelete => new DeleteObserved(context, path, (header.Flags & FileChangeRecord.FlagDirectory) != 0),
            _ => new ChmodObserved(context, path, (int)change.Mode),
        };
    }

    private static BpfCallObserved? DecodeBpfCall(ReadOnlySpan<byte> record, RecordContext context)
    {
        if (!TryRead(record, out BpfCallRecord call))
        {
            return null;
        }
        BpfCommand? command = call.Cmd switch
        {
            BpfCallRecord.ProgDetach => BpfCommand.ProgDetach,
            BpfCallRecord.LinkUpdate => BpfCommand.LinkUpdate,
            BpfCallRecord.LinkDetach => BpfCommand.LinkDetach,
            _ => null,
        };
        return command is { } known ? new BpfCallObserved(context, known, call.Result) : null;
    }

    private static unsafe AccessObserved? DecodeAccess(ReadOnlySpan<byte> record, RecordContext context, Utf8StringCache strings)
    {
        if (!TryRead(record, out ProcessAccessRecord access))
        {
            return null;
        }
        AccessMethod? method = access.Method switch
        {
            ProcessAccessRecord.MethodPtraceAttach => AccessMethod.PtraceAttach,
            ProcessAccessRecord.MethodPtraceSeize => AccessMethod.PtraceSeize,
            ProcessAccessRecord.MethodProcessVmReadv => AccessMethod.ProcessVmReadv,
            ProcessAccessRecord.MethodProcessVmWritev => AccessMethod.ProcessVmWritev,
            ProcessAccessRecord.MethodPidfdGetfd => AccessMethod.PidfdGetfd,
            _ => null,
        };
        ProcessRelation? relation = access.Relation switch
        {
            ProcessAccessRecord.RelationSelf => ProcessRelation.Self,
            ProcessAccessRecord.RelationChild => ProcessRelation.Child,
            ProcessAccessRecord.RelationDescendant => ProcessRelation.Descendant,
            ProcessAccessRecord.RelationAncestor => ProcessRelation.Ancestor,
            ProcessAccessRecord.RelationOther => ProcessRelation.Other,
            _ => null,
        };
        if (method is null || relation is null)
        {
            return null;
        }
        var comm = CString(new ReadOnlySpan<byte>(access.TargetComm, AbiLimits.CommLength), strings);
        return new AccessObserved(context, method.Value, (int)access.TargetTgid, (int)access.TargetPpid, comm, relation.Value);
    }

    private static unsafe ConnectObserved? DecodeConnect(ReadOnlySpan<byte> record, RecordContext context)
    {
        if (!TryRead(record, out NetConnectRecord connect))
        {
            return null;
        }
        var address = new ReadOnlySpan<byte>(connect.Addr, 16);
        if (!SocketAddressDecoder.TryDecodeAddress(connect.Family, address, out var ip))
        {
            return null;
        }
        // The connect fallback cannot see the socket type (protocol 0); a connect() is nearly always TCP.
        var protocol = connect.Protocol == UdpProtocolNumber ? NetProtocol.Udp : NetProtocol.Tcp;
        return new ConnectObserved(context, new IPEndPoint(IPAddressNormalizer.Normalize(ip), connect.Port), protocol, connect.ViaSendmsg != 0);
    }

    private static unsafe DnsPacketObserved? DecodeDnsPacket(ReadOnlySpan<byte> record, RecordContext context)
    {
        if (!TryRead(record, out DnsPacketRecord packet))
        {
            return null;
        }
        var fixedSize = Marshal.SizeOf<DnsPacketRecord>();
        if (record.Length < fixedSize + packet.PayloadLen)
        {
            return null;
        }
        IPEndPoint? server = null;
        if (packet.Port != 0 && SocketAddressDecoder.TryDecodeAddress(packet.Family, new ReadOnlySpan<byte>(packet.Addr, 16), out var ip))
        {
            server = new IPEndPoint(IPAddressNormalizer.Normalize(ip), packet.Port);
        }
        var protocol = packet.Protocol == UdpProtocolNumber ? NetProtocol.Udp : NetProtocol.Tcp;
        return new DnsPacketObserved(
            context, packet.Direction == DnsPacketRecord.DirectionReply, protocol, server,
            record.Slice(fixedSize, packet.PayloadLen).ToArray(), (int)packet.TotalLen, packet.SocketId);
    }

    private static unsafe RecordContext ReadContext(RecordHeader header, Utf8StringCache strings) => new(
        (RecordKind)header.Kind, header.KtimeNs, (int)header.Tgid, (int)header.Tid, (int)header.Ppid, header.Uid,
        CString(new ReadOnlySpan<byte>(header.Comm, AbiLimits.CommLength), strings), (int)header.Job, (int)header.Step);

    /// <summary>A fixed-size, NUL-padded field such as a comm (the kernel leaves no terminator when it is full).</summary>
    private static string CString(ReadOnlySpan<byte> field, Utf8StringCache strings)
    {
        var end = field.IndexOf((byte)0);
        return strings.Get(end < 0 ? field : field[..end]);
    }

    private static bool TryRead<T>(ReadOnlySpan<byte> record, out T value) where T : struct =>
        MemoryMarshal.TryRead(record, out value);

    /// <summary>Walks the strings that follow a fixed part; any overrun marks the record incomplete.</summary>
    private ref struct StringCursor(ReadOnlySpan<byte> rest, Utf8StringCache cache)
    {
        private ReadOnlySpan<byte> _rest = rest;

        public bool Complete { get; private set; } = true;

        public ReadOnlySpan<byte> TakeBytes(int length)
        {
            if (length > _rest.Length)
            {
                Complete = false;
                return default;
            }
            var taken = _rest[..length];
            _rest = _rest[length..];
            return taken;
        }

        public string Take(int length) => cache.Get(TakeBytes(length));
    }
}
