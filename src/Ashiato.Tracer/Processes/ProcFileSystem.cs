using System.Globalization;
using System.Text;
using Ashiato.Tracer.Abi;

namespace Ashiato.Tracer.Processes;

/// <summary>
/// What /proc says of the processes already running: the tree, to seed a <c>--pid</c> scope, and each process's
/// identity for the attach-time snapshot. A process may exit between any two reads; it is then described by what was
/// read before it went, or left out when not even its stat line could be read. <paramref name="root"/> is /proc
/// except in tests.
/// </summary>
public sealed class ProcFileSystem(string root = "/proc")
{
    /// <summary>/proc/PID/stat counts start times in USER_HZ ticks, which the Linux ABI fixes at 100 on every architecture we run on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>PF_KTHREAD in /proc/PID/stat's flags: a kernel thread, which runs no program of anyone's.</summary>
    private const uint KernelThreadFlag = 0x00200000;

    public bool IsAlive(int pid) => Directory.Exists(Path.Combine(root, pid.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Every user-space process's parent, by pid.</summary>
    public IReadOnlyDictionary<int, int> ReadParents() => ReadStats().ToDictionary(p => p.Key, p => p.Value.Ppid);

    /// <summary>Every user-space process's stat line (name, parent, start), by pid: one small read each.</summary>
    public IReadOnlyDictionary<int, ProcStat> ReadStats()
    {
        var stats = new Dictionary<int, ProcStat>();
        foreach (var pid in Pids())
        {
            if (ReadStat(pid) is { KernelThread: false } stat)
            {
                stats[pid] = stat;
            }
        }
        return stats;
    }

    /// <summary>The processes named, as running now; those gone before their stat line was read are left out.</summary>
    public IReadOnlyList<RunningProcess> Describe(IEnumerable<int> pids)
    {
        var bootTime = ReadBootTime();
        var found = new List<RunningProcess>();
        foreach (var pid in pids)
        {
            if (ReadStat(pid) is not { KernelThread: false } stat)
            {
                continue;
            }
            found.Add(new RunningProcess(
                pid,
                stat.Ppid,
                TryRead(pid, "comm")?.TrimEnd('\n') ?? stat.Comm,
                bootTime.AddSeconds(stat.StartTicks / TicksPerSecond),
                TryReadLink(pid, "exe"),
                ParseCmdline(TryReadBytes(pid, "cmdline")),
                TryReadLink(pid, "cwd"),
                TryRead(pid, "status") is { } status ? ParseUid(status) : null));
        }
        // Parents before children, so the snapshot reads top down.
        return [.. found.OrderBy(p => p.StartTime).ThenBy(p => p.Pid)];
    }

    /// <summary>
    /// The step-identity variables (<see cref="ExecEnvNames.StepIdentity"/>) of a step root that was running before
    /// the tracer, from /proc/PID/environ (the environment it was started with, as the kernel reads at exec), within
    /// the kernel's scan bound so that attaching later reads what a live exec would have. Nothing else is kept.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ReadStepIdentity(int pid)
    {
        try
        {
            using var environ = File.OpenRead(PathOf(pid, "environ"));
            var buffer = new byte[ExecEnvNames.ScanBytes + ExecEnvNames.ValueMax + 64];
            var length = environ.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return ParseEnviron(buffer.AsSpan(0, length), ExecEnvNames.IsStepIdentity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The variables <paramref name="keep"/> accepts from NUL-separated "NAME=value" entries, of those that start in
    /// the first <see cref="ExecEnvNames.ScanBytes"/>; each value cut at <see cref="ExecEnvNames.ValueMax"/> bytes and
    /// the first of a name set twice kept (what getenv(3) returns); null when none.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? ParseEnviron(ReadOnlySpan<byte> environ, Func<string, bool> keep)
    {
        Dictionary<string, string>? kept = null;
        var start = 0;
        while (start < environ.Length && start < ExecEnvNames.ScanBytes)
        {
            var rest = environ[start..];
            var end = rest.IndexOf((byte)0);
            var entry = end < 0 ? rest : rest[..end];
            start += entry.Length + 1;
            var equals = entry.IndexOf((byte)'=');
            if (equals <= 0 || equals > ExecEnvNames.NameMax)
            {
                continue;
            }
            var name = Encoding.UTF8.GetString(entry[..equals]);
            if (keep(name))
            {
                var value = entry[(equals + 1)..];
                kept ??= new Dictionary<string, string>(StringComparer.Ordinal);
                kept.TryAdd(name, Encoding.UTF8.GetString(value[..Math.Min(value.Length, ExecEnvNames.ValueMax)]));
            }
        }
        return kept;
    }

    /// <summary><paramref name="rootPid"/> and every process below it, given each process's parent.</summary>
    public static IReadOnlyList<int> Descendants(int rootPid, IReadOnlyDictionary<int, int> parents)
    {
        var children = parents.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToList());
        var found = new List<int> { rootPid };
        for (var i = 0; i < found.Count; i++)
        {
            if (children.TryGetValue(found[i], out var below))
            {
                found.AddRange(below.Where(pid => pid != found[i]));
            }
        }
        return found;
    }

    public IEnumerable<int> Pids()
    {
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>The fields of a /proc/PID/stat line this needs; comm may hold spaces and parentheses.</summary>
    public static ProcStat? ParseStat(string stat)
    {
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }
        // After the comm: state(0) ppid(1) pgrp session tty_nr tpgid flags(6) ... starttime(19)
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20
            || !int.TryParse(fields[1], CultureInfo.InvariantCulture, out var ppid)
            || !uint.TryParse(fields[6], CultureInfo.InvariantCulture, out var flags)
            || !ulong.TryParse(fields[19], CultureInfo.InvariantCulture, out var startTicks))
        {
            return null;
        }
        return new ProcStat(stat[(open + 1)..close], ppid, (flags & KernelThreadFlag) != 0, startTicks);
    }

    /// <summary>argv from /proc/PID/cmdline: NUL-terminated strings back to back.</summary>
    public static IReadOnlyList<string> ParseCmdline(byte[]? cmdline)
    {
        if (cmdline is null || cmdline.Length == 0)
        {
            return [];
        }
        var text = Encoding.UTF8.GetString(cmdline);
        return text.TrimEnd('\0').Split('\0');
    }

    /// <summary>The real uid: the first number of the Uid: line of /proc/PID/status.</summary>
    public static uint? ParseUid(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                var fields = line[4..].Split('\t', ' ').Where(f => f.Length > 0).ToArray();
                return fields.Length > 0 && uint.TryParse(fields[0], CultureInfo.InvariantCulture, out var uid) ? uid : null;
            }
        }
        return null;
    }

    private DateTimeOffset ReadBootTime()
    {
        foreach (var line in (TryReadFile(Path.Combine(root, "stat")) ?? "").Split('\n'))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal)
                && long.TryParse(line[6..], CultureInfo.InvariantCulture, out var seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }
        return DateTimeOffset.UnixEpoch;
    }

    private ProcStat? ReadStat(int pid) => TryRead(pid, "stat") is { } stat ? ParseStat(stat) : null;

    private string? TryRead(int pid, string name) => TryReadFile(PathOf(pid, name));

    private string PathOf(int pid, string name) => Path.Combine(root, pid.ToString(CultureInfo.InvariantCulture), name);

    private static string? TryReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone, or never ours to read: described by what else was read
        }
    }

    private byte[]? TryReadBytes(int pid, string name)
    {
        try
        {
            return File.ReadAllBytes(PathOf(pid, name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string? TryReadLink(int pid, string name)
    {
        try
        {
            return new FileInfo(PathOf(pid, name)).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>What the snapshot needs of a /proc/PID/stat line.</summary>
public readonly record struct ProcStat(string Comm, int Ppid, bool KernelThread, ulong StartTicks);
