using System.Runtime.InteropServices;

namespace Ashiato.Tracer.Abi;

// Mirrors of the structs in bpf/ashiato.h, field for field (snake_case there, PascalCase here).
// AbiLayoutTests checks every size and offset against the BTF of the compiled object.

[StructLayout(LayoutKind.Sequential)]
public unsafe struct RecordHeader
{
    public ushort Kind;
    public ushort Flags;
    public uint Size;
    public ulong KtimeNs;
    public uint Tgid;
    public uint Tid;
    public uint Ppid;
    public uint Uid;
    public fixed byte Comm[AbiLimits.CommLength];
    public uint Job;
    public uint Step;
}

[StructLayout(LayoutKind.Sequential)]
public struct ExecRecord
{
    public const ushort FlagArgsTruncated = 0x1;
    public const ushort FlagEnvTruncated = 0x4;

    public RecordHeader Header;
    public uint ArgsLen;
    public ushort FilenameLen;
    public ushort ExeLen;
    public ushort CwdLen;
    public ushort EnvLen;
    public uint Reserved2;
}

[StructLayout(LayoutKind.Sequential)]
public struct ForkRecord
{
    public RecordHeader Header;
    public uint ParentTid;
    public uint Reserved;
}

[StructLayout(LayoutKind.Sequential)]
public struct ExitRecord
{
    public RecordHeader Header;
    public int ExitCode;
    public uint Reserved;
}

[StructLayout(LayoutKind.Sequential)]
public struct FileOpenRecord
{
    public RecordHeader Header;
    public uint OpenFlags;
    public int Dirfd;
    public int Fd;
    public ushort NameLen;
    public ushort BaseLen;
    public ushort ResolvedLen;
    public ushort Reserved;
    public uint Reserved2;
}

[StructLayout(LayoutKind.Sequential)]
public struct WriteOpenRecord
{
    public RecordHeader Header;
    public ulong FileId;
    public ushort PathLen;
    public ushort Reserved;
    public uint Reserved2;
}

[StructLayout(LayoutKind.Sequential)]
public struct WriteCloseRecord
{
    public RecordHeader Header;
    public ulong FileId;
    public ulong Bytes;
    public ulong Calls;
}

[StructLayout(LayoutKind.Sequential)]
public struct WriteKey
{
    public uint Tgid;
    public uint Reserved;
    public ulong FileId;
}

[StructLayout(LayoutKind.Sequential)]
public struct WriteTotals
{
    public ulong Bytes;
    public ulong Calls;
    public ulong InodeId;
    public int Fd;
    public uint Reserved;
}

[StructLayout(LayoutKind.Sequential)]
public struct JobTag
{
    /// <summary>JOB_ID_ATTACHED: set in the ids user space gives jobs found running at attach (the kernel's stay below it).</summary>
    public const uint AttachedJobIds = 0x40000000;

    public uint Job;
    public uint Step;
}

[StructLayout(LayoutKind.Sequential)]
public struct Tracked
{
    /// <summary>TRACKED_SPAWNER: the tracer itself; its children are tracked, it is not.</summary>
    public const uint FlagSpawner = 0x1;

    public uint Flags;
    public uint Reserved;
}

[StructLayout(LayoutKind.Sequential)]
public struct AshiatoConfig
{
    public uint TracerTgid;
    public byte ScopeAll;
    public byte EveryOpen;
    public ushort Reserved;
    public ulong OpenSeed;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct NetConnectRecord
{
    public RecordHeader Header;
    public ushort Family;
    public ushort Port;
    public byte Protocol;
    public byte ViaSendmsg;
    public ushort Reserved;
    public fixed byte Addr[16];
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct DnsPacketRecord
{
    public const byte DirectionQuery = 0;
    public const byte DirectionReply = 1;

    public RecordHeader Header;
    public ushort Family;
    public ushort Port;
    public byte Direction;
    public byte Protocol;
    public ushort PayloadLen;
    public uint TotalLen;
    public uint Reserved;
    public fixed byte Addr[16];
    public ulong SocketId;
}

/// <summary>file_rename, file_delete and file_chmod: the header's kind tells which.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FileChangeRecord
{
    /// <summary>FILE_CHANGE_FLAG_DIRECTORY: a file_delete that removed a directory.</summary>
    public const ushort FlagDirectory = 0x1;

    public RecordHeader Header;
    public uint Mode;
    public ushort NameLen;
    public ushort BaseLen;
    public ushort NewNameLen;
    public ushort NewBaseLen;
    public uint Reserved;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct ProcessAccessRecord
{
    // enum access_method
    public const byte MethodPtraceAttach = 1;
    public const byte MethodPtraceSeize = 2;
    public const byte MethodProcessVmReadv = 3;
    public const byte MethodProcessVmWritev = 4;
    public const byte MethodPidfdGetfd = 5;

    // enum access_relation
    public const byte RelationSelf = 1;
    public const byte RelationChild = 2;
    public const byte RelationDescendant = 3;
    public const byte RelationAncestor = 4;
    public const byte RelationOther = 5;

    public RecordHeader Header;
    public uint TargetTgid;
    public uint TargetPpid;
    public byte Method;
    public byte Relation;
    public ushort Reserved;
    public uint Reserved2;
    public fixed byte TargetComm[AbiLimits.CommLength];
}

[StructLayout(LayoutKind.Sequential)]
public struct SignalRecord
{
    public RecordHeader Header;
    public uint TargetTgid;
    public int Signal;
    public int Result;
    public uint Group;
}

[StructLayout(LayoutKind.Sequential)]
public struct BpfCallRecord
{
    // The bpf() commands reported (include/uapi/linux/bpf.h).
    public const int ProgDetach = 9;
    public const int LinkUpdate = 29;
    public const int LinkDetach = 34;

    public RecordHeader Header;
    public int Cmd;
    public int Result;
}
