using System.Text.RegularExpressions;

namespace Ashiato.Analysis.Diff;

/// <summary>
/// Folds what differs between two runs of the same build and means nothing: pids, temporary directories, content
/// hashes, versions and numbers in paths, and ephemeral ports. Pure; applied alike to baselines and the current run.
/// </summary>
public static partial class Normalizer
{
    /// <summary>Linux's default ip_local_port_range starts here; a client's ports above it are chosen by the kernel.</summary>
    public const int EphemeralPortStart = 32768;

    private static readonly string[] TempRoots = ["/tmp/", "/var/tmp/", "/dev/shm/"];

    public static string Path(string path)
    {
        var text = ProcPid().Replace(path, "/proc/<pid>/");
        foreach (var root in TempRoots)
        {
            if (text.StartsWith(root, StringComparison.Ordinal))
            {
                // The first folder under a temporary root is per run (mktemp -d, mkdtemp, a runner's job folder).
                var rest = text[root.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                text = root + "<tmp>" + (slash >= 0 ? rest[slash..] : "");
                break;
            }
        }
        var parts = text.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Component(parts[i]);
        }
        // Content-addressed stores split a hash's first characters into folders (npm's _cacache/ab/cd/<hash>).
        for (var i = parts.Length - 1; i > 0; i--)
        {
            if (parts[i] == "<hash>" && ShortHex().IsMatch(parts[i - 1]))
            {
                parts[i - 1] = "<hash>";
            }
        }
        return string.Join('/', parts);
    }

    public static string Host(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();

    public static string Port(string protocol, int port) => $"{protocol}/{(port >= EphemeralPortStart ? "ephemeral" : port.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    private static string Component(string part)
    {
        if (part.Length == 0 || part.StartsWith('<'))
        {
            return part;
        }
        if (MkTemp().IsMatch(part))
        {
            return "<tmp>";
        }
        part = Timestamp().Replace(part, "<time>");
        part = Hash().Replace(part, "<hash>");
        part = Version().Replace(part, "<ver>");
        return Number().Replace(part, "<n>");
    }

    [GeneratedRegex(@"^/proc/[0-9]+/")]
    private static partial Regex ProcPid();

    [GeneratedRegex(@"^(tmp|temp)[._-]?[A-Za-z0-9_]{6,}$", RegexOptions.IgnoreCase)]
    private static partial Regex MkTemp();

    /// <summary>Dates and times in file names (log files): 2026-11-27T16_31_47_568Z, 20261127-163147.</summary>
    [GeneratedRegex(@"[0-9]{4}-?[0-9]{2}-?[0-9]{2}[T_ -]?[0-9]{2}[_:.-]?[0-9]{2}[_:.-]?[0-9]{2}([_.,][0-9]+)?Z?")]
    private static partial Regex Timestamp();

    /// <summary>Hex of 12 characters or more, or a long base64-like run with both letters and digits.</summary>
    [GeneratedRegex(@"[0-9a-fA-F]{12,}|(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}")]
    private static partial Regex Hash();

    [GeneratedRegex(@"[0-9]+(\.[0-9]+)+([-+][0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?")]
    private static partial Regex Version();

    /// <summary>Long numbers (pids, epoch seconds, build numbers); short ones name things (x86_64, sha512, base64).</summary>
    [GeneratedRegex(@"[0-9]{4,}")]
    private static partial Regex Number();

    [GeneratedRegex(@"^[0-9a-f]{1,4}$")]
    private static partial Regex ShortHex();
}
