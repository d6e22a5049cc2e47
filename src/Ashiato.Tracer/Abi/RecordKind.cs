namespace Ashiato.Tracer.Abi;

/// <summary>enum record_kind in bpf/ashiato.h.</summary>
public enum RecordKind : ushort
{
    Exec = 1,
    Exit = 2,
    FileOpen = 3,
    WriteOpen = 4,
    WriteClose = 5,
    NetConnect = 6,
    DnsPacket = 7,
    Fork = 8,
    FileRename = 9,
    FileDelete = 10,
    FileChmod = 11,
    ProcessAccess = 12,
    Signal = 13,
    BpfCall = 14,
}

/// <summary>enum stat_slot in bpf/ashiato.h.</summary>
public enum StatSlot
{
    ArgsTruncated = 0,
    PathTruncated = 1,
    UserReadFailed = 2,
    EnvTruncated = 3,
}

public static class AbiLimits
{
    /// <summary>RECORD_KIND_MAX: the length of the drops map.</summary>
    public const int RecordKindCount = 16;

    /// <summary>STAT_SLOT_MAX: the length of the stats map.</summary>
    public const int StatSlotCount = 8;

    public const int CommLength = 16;
}
