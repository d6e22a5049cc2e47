using System.Text.RegularExpressions;

namespace Ashiato.Query.Catalog;

/// <summary>
/// Names the catalog entry that covers a path. Each entry is one anchored regular expression (its globs as
/// alternatives) and one for its exclusions; a path must first contain one of the entry's literal parts, an ordinal
/// search that rejects most paths of a trace before any regular expression runs. Pure; safe to share between threads.
/// </summary>
public sealed class PathClassifier
{
    private readonly Compiled[] _entries;

    internal PathClassifier(IReadOnlyList<CatalogEntry> entries, IReadOnlyCollection<string> runnerRoots)
    {
        RunnerPattern = runnerRoots.Count == 0
            ? PathGlob.DefaultRunnerPattern
            : string.Join('|', runnerRoots.Select(r => new PathGlob(r.TrimEnd('/')).ToRegex()));
        _entries = [.. entries.Select(e => new Compiled(
            e,
            [.. e.Paths.Select(p => p.RequiredLiteral()).Distinct(StringComparer.Ordinal)],
            Anchored(e.Paths, RunnerPattern)!,
            Anchored(e.Excluded, RunnerPattern)))];
    }

    /// <summary>The regular expression <c>{runner}</c> stands for.</summary>
    public string RunnerPattern { get; }

    public CatalogEntry? Classify(string path)
    {
        foreach (var entry in _entries)
        {
            if (entry.Literals.Any(l => path.Contains(l, StringComparison.Ordinal)) && entry.Paths.IsMatch(path)
                && entry.Excluded?.IsMatch(path) != true)
            {
                return entry.Entry;
            }
        }
        return null;
    }

    /// <summary>Every entry as SQL-ready regular expressions (RE2 accepts them too): name, category, title, paths, excluded, owners.</summary>
    public IEnumerable<(CatalogEntry Entry, string Paths, string? Excluded)> Patterns() =>
        _entries.Select(e => (e.Entry, e.Paths.ToString(), e.Excluded?.ToString()));

    private static Regex? Anchored(IReadOnlyList<PathGlob> globs, string runnerPattern) => globs.Count == 0
        ? null
        : new Regex("^(?:" + string.Join('|', globs.Select(g => g.ToRegex(runnerPattern))) + ")$", RegexOptions.CultureInvariant);

    private sealed record Compiled(CatalogEntry Entry, string[] Literals, Regex Paths, Regex? Excluded);
}
