using System.Globalization;
using System.Text;

namespace FakeRunner.Support;

/// <summary>What /proc shows of one process: what a tracer sees of it at exec.</summary>
/// <param name="StartTime">Clock ticks after boot (stat field 22): with the pid, it names one process even after pid reuse.</param>
public sealed record ProcessFacts(
    int Pid,
    int ParentPid,
    int SessionId,
    ulong StartTime,
    string Comm,
    IReadOnlyList<string> Argv,
    string Cwd,
    string Exe,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>A process that exited before it could be read (pid 0, nothing known).</summary>
    public static readonly ProcessFacts Gone = new(0, 0, 0, 0, string.Empty, [], string.Empty, string.Empty, new Dictionary<string, string>());

    /// <summary>Reads a live process; null when it is gone.</summary>
    public static ProcessFacts? Read(int pid)
    {
        try
        {
            var directory = $"/proc/{pid}";
            return Parse(
                File.ReadAllText($"{directory}/stat"),
                File.ReadAllBytes($"{directory}/cmdline"),
                ReadOrEmpty($"{directory}/environ"),
                LinkOrEmpty($"{directory}/cwd"),
                LinkOrEmpty($"{directory}/exe"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True while the very process of <paramref name="facts"/> still exists (not a later one with its pid).</summary>
    public static bool IsAlive(ProcessFacts facts) => Read(facts.Pid) is { } now && now.StartTime == facts.StartTime && !IsZombie(facts.Pid);

    /// <summary>Builds the facts from the raw /proc contents. Pure.</summary>
    public static ProcessFacts Parse(string stat, byte[] cmdline, byte[] environ, string cwd, string exe)
    {
        // comm may hold spaces and parentheses: the fields after it start after the last ')'.
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        return new ProcessFacts(
            Pid: int.Parse(stat[..open].Trim(), CultureInfo.InvariantCulture),
            ParentPid: int.Parse(fields[1], CultureInfo.InvariantCulture),
            SessionId: int.Parse(fields[3], CultureInfo.InvariantCulture),
            StartTime: ulong.Parse(fields[19], CultureInfo.InvariantCulture),
            Comm: stat[(open + 1)..close],
            Argv: SplitNul(cmdline),
            Cwd: cwd.TrimEnd('\n'),
            Exe: exe.TrimEnd('\n'),
            Environment: SplitNul(environ)
                .Select(entry => entry.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .GroupBy(pair => pair[0], StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal));
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static string[] SplitNul(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries);

    private static byte[] ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string LinkOrEmpty(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget ?? string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
