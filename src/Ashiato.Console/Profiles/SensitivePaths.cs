namespace Ashiato.Web.Profiles;

/// <summary>
/// Paths worth a second look in the Files tab: credentials, keys, and other processes' memory. The rule pack decides
/// what is an attack; this only highlights.
/// </summary>
public static class SensitivePaths
{
    private static readonly string[] CredentialSuffixes =
    [
        "/.netrc", "/.npmrc", "/.pypirc", "/.git-credentials", "/.docker/config.json", "/.aws/credentials",
        "/.kube/config", "/.config/gh/hosts.yml", "/.gnupg/secring.gpg",
    ];

    private static readonly string[] SystemSecrets = ["/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/ld.so.preload"];

    private static readonly string[] PersistenceFolders =
    [
        "/etc/cron.d/", "/etc/cron.hourly/", "/etc/cron.daily/", "/etc/cron.weekly/", "/etc/cron.monthly/", "/var/spool/cron/",
        "/etc/systemd/system/", "/etc/systemd/user/",
    ];

    private static readonly string[] HistorySuffixes =
    [
        "/.bash_history", "/.zsh_history", "/.zhistory", "/.sh_history", "/.ash_history", "/.history", "/.python_history",
        "/.node_repl_history", "/.psql_history", "/.mysql_history", "/.lesshst",
    ];

    /// <summary>Why <paramref name="path"/> is sensitive, or null when it is not.</summary>
    public static string? Classify(string path)
    {
        if (path.StartsWith("/proc/", StringComparison.Ordinal))
        {
            var parts = path.Split('/');
            // ["", "proc", "<pid>", "mem"]: another process's memory or environment (its own, /proc/self, is routine).
            if (parts.Length == 4 && parts[2].All(char.IsAsciiDigit) && parts[3] is "mem" or "maps" or "environ")
            {
                return parts[3] == "environ" ? "another process's environment" : "another process's memory";
            }
            return null;
        }
        if (CredentialSuffixes.Any(s => path.EndsWith(s, StringComparison.Ordinal)))
        {
            return "credential file";
        }
        if (path.Contains("/.ssh/", StringComparison.Ordinal))
        {
            return "SSH key or configuration";
        }
        if (path == "/etc/crontab" || PersistenceFolders.Any(f => path.StartsWith(f, StringComparison.Ordinal))
            || path.Contains("/.config/systemd/user/", StringComparison.Ordinal))
        {
            return "runs code later (cron or systemd)";
        }
        if (HistorySuffixes.Any(s => path.EndsWith(s, StringComparison.Ordinal)))
        {
            return "shell history";
        }
        return SystemSecrets.Contains(path) ? "system secret" : null;
    }

    /// <summary>
    /// A chmod mode (the trace's octal string, <c>4755</c>) with the setuid (4) or setgid (2) bit: the fourth digit
    /// from the right.
    /// </summary>
    public static bool SetsSetuidOrSetgid(string mode)
    {
        var digits = mode.PadLeft(4, '0');
        return digits.All(char.IsAsciiDigit) && ((digits[^4] - '0') & 6) != 0;
    }
}
