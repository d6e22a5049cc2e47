namespace Ashiato.Analysis.Diff;

/// <summary>Category names at the text and JSON edges.</summary>
public static class DiffCategoryNames
{
    public static string ToWire(this DiffCategory category) => category switch
    {
        DiffCategory.Hosts => "hosts",
        DiffCategory.Executables => "executables",
        DiffCategory.SensitiveReads => "sensitive_reads",
        DiffCategory.WritesOutsideWorkspace => "writes_outside_workspace",
        DiffCategory.OutboundPorts => "outbound_ports",
        DiffCategory.Renames => "renames",
        DiffCategory.Deletes => "deletes",
        DiffCategory.PermissionChanges => "permission_changes",
        DiffCategory.ProcessAccesses => "process_accesses",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    public static string Title(this DiffCategory category) => category switch
    {
        DiffCategory.Hosts => "hosts",
        DiffCategory.Executables => "executables",
        DiffCategory.SensitiveReads => "sensitive-file reads",
        DiffCategory.WritesOutsideWorkspace => "files written outside the workspace and temp directories",
        DiffCategory.OutboundPorts => "outbound ports",
        DiffCategory.Renames => "files renamed outside the workspace and temp directories",
        DiffCategory.Deletes => "files deleted outside the workspace and temp directories",
        DiffCategory.PermissionChanges => "permission changes (chmod)",
        DiffCategory.ProcessAccesses => "other processes attached to or read (ptrace, process_vm_readv, pidfd_getfd)",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };
}
