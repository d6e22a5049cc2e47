namespace Ashiato.Tracer.Kernel;

/// <summary>Finds the cgroup v2 hierarchy, where the sock_addr hooks attach (its root covers every process).</summary>
public static class CgroupV2
{
    /// <summary>The mount point of the first cgroup2 filesystem in a /proc/self/mountinfo text, or null.</summary>
    public static string? FindMount(IEnumerable<string> mountInfoLines)
    {
        foreach (var line in mountInfoLines)
        {
            // Fields: id parent major:minor root mount-point options [optional...] - fstype source super-options
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }
            var fields = line[..separator].Split(' ');
            var after = line[(separator + 3)..].Split(' ');
            if (after.Length > 0 && after[0] == "cgroup2" && fields.Length > 4 && fields[3] == "/")
            {
                return Unescape(fields[4]);
            }
        }
        return null;
    }

    public static string? FindMount() => FindMount(File.ReadLines("/proc/self/mountinfo"));

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
