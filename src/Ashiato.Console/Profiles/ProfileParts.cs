namespace Ashiato.Web.Profiles;

/// <summary>One exec of a process: the image it ran and its argv.</summary>
public sealed record ExecInfo(DateTimeOffset? Timestamp, string Filename, IReadOnlyList<string> Args, bool ArgsTruncated, string? Exe, string? Cwd);

/// <summary>A process (by pid) and what it did.</summary>
public sealed class ProcessInfo(int pid)
{
    public int Pid { get; } = pid;

    private string? _label;
    private string? _comm;

    public int? Ppid { get; set; }

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
}

/// <summary>Everything done to one path.</summary>
public sealed class FileActivity(string path)
{
    public string Path { get; } = path;

    public long Opens { get; set; }

    public SortedSet<string> Flags { get; } = new(StringComparer.Ordinal);

    public long Writes { get; set; }

    public long BytesWritten { get; set; }

    public SortedSet<string> Processes { get; } = new(StringComparer.Ordinal);

    public string? Sensitive { get; } = SensitivePaths.Classify(path);
}
