namespace Ashiato.Events;

/// <summary>The wire names of <see cref="AccessMethod"/> and <see cref="ProcessRelation"/>.</summary>
public static class ProcessAccessNames
{
    public static string ToWire(this AccessMethod method) => method switch
    {
        AccessMethod.PtraceAttach => "ptrace_attach",
        AccessMethod.PtraceSeize => "ptrace_seize",
        AccessMethod.ProcessVmReadv => "process_vm_readv",
        AccessMethod.ProcessVmWritev => "process_vm_writev",
        AccessMethod.PidfdGetfd => "pidfd_getfd",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    public static string ToWire(this ProcessRelation relation) => relation switch
    {
        ProcessRelation.Self => "self",
        ProcessRelation.Child => "child",
        ProcessRelation.Descendant => "descendant",
        ProcessRelation.Ancestor => "ancestor",
        ProcessRelation.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(relation), relation, null),
    };
}
