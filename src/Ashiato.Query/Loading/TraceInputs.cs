using Ashiato.Events;

namespace Ashiato.Query.Loading;

/// <summary>Turns what the user typed (paths, <c>-</c>, globs such as <c>traces/*.jsonl.gz</c>) into trace sources.</summary>
public static class TraceInputs
{
    private static readonly char[] GlobCharacters = ['*', '?', '['];

    public static IReadOnlyList<TraceInput> Expand(IEnumerable<string> patterns)
    {
        var paths = new List<string>();
        foreach (var pattern in patterns)
        {
            paths.AddRange(IsGlob(pattern) ? ExpandGlob(pattern) : [pattern]);
        }
        if (paths.Count == 0)
        {
            throw new UserFacingException("no trace given");
        }
        if (paths.Count(p => p == "-") > 1)
        {
            throw new UserFacingException("stdin (-) can be read only once");
        }
        var stems = paths.Select(JobName).ToList();
        var ambiguous = stems.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        // Two traces named alike in different folders keep their paths as job names so rows stay distinguishable.
        return [.. paths.Select((p, i) => new TraceInput(p, ambiguous.Contains(stems[i]) ? p : stems[i]))];
    }

    /// <summary>The job name of a trace: its file name without <c>.gz</c>, <c>.jsonl</c> or <c>.json</c>.</summary>
    public static string JobName(string path)
    {
        if (path == "-")
        {
            return "stdin";
        }
        var name = Path.GetFileName(path);
        foreach (var suffix in new[] { ".gz", ".jsonl", ".ndjson", ".json" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
            {
                name = name[..^suffix.Length];
            }
        }
        return name;
    }

    private static bool IsGlob(string pattern) => pattern != "-" && pattern.IndexOfAny(GlobCharacters) >= 0 && !File.Exists(pattern);

    private static IEnumerable<string> ExpandGlob(string pattern)
    {
        var directory = Path.GetDirectoryName(pattern);
        var filePattern = Path.GetFileName(pattern);
        if (!string.IsNullOrEmpty(directory) && directory.IndexOfAny(GlobCharacters) >= 0)
        {
            throw new UserFacingException($"{pattern}: wildcards are supported in the file name only, not in folder names");
        }
        var folder = string.IsNullOrEmpty(directory) ? "." : directory;
        if (!Directory.Exists(folder))
        {
            throw new UserFacingException($"{pattern}: no such folder {folder}");
        }
        var matches = Directory.EnumerateFiles(folder, filePattern)
            .Select(p => string.IsNullOrEmpty(directory) ? Path.GetFileName(p) : p)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (matches.Count == 0)
        {
            throw new UserFacingException($"{pattern}: no files match");
        }
        return matches;
    }
}
