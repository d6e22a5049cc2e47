namespace Ashiato.Web.Profiles;

/// <summary>One exec of a process: the image it ran and its argv.</summary>
/// <param name="Snapshot">The process was already running when tracing started: this is what it ran then.</param>
/// <param name="Env">The allow-listed variables it started with (LD_PRELOAD, NODE_OPTIONS, ...), when any was set.</param>
public sealed record ExecInfo(DateTimeOffset? Timestamp, string Filename, IReadOnlyList<string> Args, bool ArgsTruncated, string? Exe, string? Cwd,
    bool Snapshot = false, IReadOnlyDictionary<string, string>? Env = null);

/// <summary>A process attaching to or reading another one (ptrace, process_vm_readv, pidfd_getfd).</summary>
public sealed record AccessInfo(DateTimeOffset? Timestamp, string Method, int? TargetPid, string? TargetComm, string? Relation);

/// <summary>A process (by pid) and what it did.</summary>
public sealed class ProcessInfo(int pid)
{
    public int Pid { get; } = pid;

    private string? _label;
    private string? _comm;

    public int? Ppid { get; set; }

    /// <summary>When the trace first mentions the process: what orders siblings.</summary>
    public DateTimeOffset? FirstSeen { get; set; }

    /// <summary>A <c>process_fork</c> record names it: it forked without exec (a subshell) at least once.</summary>
    public bool Forked { get; set; }

    /// <summary>The GitHub Actions job and step it belongs to; null outside any job.</summary>
    public StepKey? Step { get; set; }

    public string? Comm
    {
        get => _comm;
        set
        {
            if (value != _comm)
            {
                _comm = value;
                _label = null;
            }
        }
    }

    /// <summary><c>comm (pid)</c>, as the Network and Files tabs name processes.</summary>
    public string Label => _label ??= $"{Comm ?? "?"} ({Pid})";

    public List<ExecInfo> Execs { get; } = [];

    public List<AccessInfo> Accesses { get; } = [];

    public SortedDictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public long Events => Counts.Values.Sum();
}

/// <summary>A DNS name the job looked up, with every answer seen.</summary>
public sealed class DnsName(string hostname)
{
    public string Hostname { get; } = hostname;

    public long Queries { get; set; }

    public SortedSet<string> Answers { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Qtypes { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Rcodes { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Processes { get; } = new(StringComparer.Ordinal);

    /// <summary>The job steps whose processes looked it up.</summary>
    public SortedSet<StepKey> Steps { get; } = [];
}

/// <summary>Connections to one host: a DNS name when known, else the address.</summary>
public sealed class HostConnections(string host)
{
    public string Host { get; } = host;

    public long Connections { get; set; }

    public SortedSet<string> Addresses { get; } = new(StringComparer.Ordinal);

    /// <summary>Port and protocol, as <c>443/tcp</c>.</summary>
    public SortedSet<string> Ports { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Processes { get; } = new(StringComparer.Ordinal);

    /// <summary>The job steps whose processes connected.</summary>
    public SortedSet<StepKey> Steps { get; } = [];
}

/// <summary>Everything done to one path.</summary>
public sealed class FileActivity(string path)
{
    private readonly string? _sensitivePath = SensitivePaths.Classify(path);

    public string Path { get; } = path;

    public long Opens { get; set; }

    public SortedSet<string> Flags { get; } = new(StringComparer.Ordinal);

    public long Writes { get; set; }

    public long BytesWritten { get; set; }

    public SortedSet<string> Processes { get; } = new(StringComparer.Ordinal);

    /// <summary>The job steps whose processes opened, wrote, renamed, deleted or chmodded it.</summary>
    public SortedSet<StepKey> Steps { get; } = [];

    /// <summary>The names this file was renamed to.</summary>
    public SortedSet<string> RenamedTo { get; } = new(StringComparer.Ordinal);

    /// <summary>The names renamed into this path (written there by a rename).</summary>
    public SortedSet<string> RenamedFrom { get; } = new(StringComparer.Ordinal);

    public long Deletes { get; set; }

    /// <summary>Modes set with chmod, as the octal strings of the trace.</summary>
    public SortedSet<string> Modes { get; } = new(StringComparer.Ordinal);

    /// <summary>Renamed, deleted or chmodded.</summary>
    public bool Changed => RenamedTo.Count > 0 || RenamedFrom.Count > 0 || Deletes > 0 || Modes.Count > 0;

    public string? Sensitive => _sensitivePath ?? (Modes.Any(SensitivePaths.SetsSetuidOrSetgid) ? "setuid or setgid bit set" : null);
}
