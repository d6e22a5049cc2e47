namespace Ashiato.Tracer.Paths;

/// <summary>
/// Lexical path handling for file_open's <c>path</c>: the name as the process gave it, joined to the directory
/// it was relative to, with <c>.</c> and <c>..</c> folded and symlinks left alone (so /proc/self stays).
/// </summary>
public static class PathNormalizer
{
    /// <summary>Joins <paramref name="name"/> to <paramref name="baseDirectory"/> unless it is absolute, then folds it.</summary>
    public static string Resolve(string baseDirectory, string name) =>
        Fold(name.StartsWith('/') || baseDirectory.Length == 0 ? name : $"{baseDirectory}/{name}");

    /// <summary>Folds <c>.</c>, <c>..</c> and repeated slashes of an absolute path; <c>..</c> at the root stays at the root.</summary>
    public static string Fold(string path)
    {
        if (IsFolded(path))
        {
            return path; // the common case: nothing to fold, nothing to allocate
        }
        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                continue;
            }
            segments.Add(segment);
        }
        return "/" + string.Join('/', segments);
    }

    /// <summary>Absolute, no empty, <c>.</c> or <c>..</c> segment, no trailing slash (the root alone excepted).</summary>
    private static bool IsFolded(string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }
        if (path.Length == 1)
        {
            return true;
        }
        return !path.EndsWith('/') && !path.Contains("//", StringComparison.Ordinal)
            && !path.Contains("/./", StringComparison.Ordinal) && !path.Contains("/../", StringComparison.Ordinal)
            && !path.EndsWith("/.", StringComparison.Ordinal) && !path.EndsWith("/..", StringComparison.Ordinal);
    }
}
