namespace Ashiato.Analysis.Diff;

/// <summary>What a run does that a diff compares, one kind of behaviour each.</summary>
public enum DiffCategory
{
    /// <summary>DNS names looked up or connected to, and addresses connected to without a name.</summary>
    Hosts,

    /// <summary>Files executed (exec filename).</summary>
    Executables,

    /// <summary>Reads of credential files and of other processes' /proc memory, maps and environment.</summary>
    SensitiveReads,

    /// <summary>Files written outside the job's working directory and the temporary directories.</summary>
    WritesOutsideWorkspace,

    /// <summary>Outbound protocol and port; ports in the ephemeral range fold into one.</summary>
    OutboundPorts,

    /// <summary>Files renamed (old and new name), unless both names are in the workspace or temporary directories.</summary>
    Renames,

    /// <summary>Files deleted outside the job's working directory and the temporary directories.</summary>
    Deletes,

    /// <summary>chmod: the mode and the file.</summary>
    PermissionChanges,

    /// <summary>Attaching to or reading another process: the method and what the target runs.</summary>
    ProcessAccesses,
}
