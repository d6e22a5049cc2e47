using Ashiato.Events;

namespace Ashiato.Query.Catalog;

/// <summary>
/// Reads the catalog's text: <c>[name]</c> sections of <c>key = value</c> lines, <c>#</c> comments. A mistake is one
/// message naming the file and line. Pure.
/// </summary>
public static class CatalogParser
{
    private static readonly string[] Keys = ["category", "title", "paths", "not", "owners"];

    public static IReadOnlyList<CatalogEntry> Parse(string text, string source)
    {
        var entries = new List<CatalogEntry>();
        Section? section = null;
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var n = 1; n <= lines.Length; n++)
        {
            var line = StripComment(lines[n - 1]).Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var where = $"{source}:{n}";
            if (line.StartsWith('['))
            {
                if (!line.EndsWith(']') || line.Length < 3 || !line[1..^1].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                {
                    throw new UserFacingException($"{where}: a section starts with [name] (letters, digits, '-', '_', '.'), not '{line}'");
                }
                if (section is not null)
                {
                    entries.Add(section.Finish());
                }
                var name = line[1..^1];
                if (entries.Any(e => e.Name == name))
                {
                    throw new UserFacingException($"{where}: [{name}] is defined twice in this file");
                }
                section = new Section(name, where);
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UserFacingException($"{where}: expected '[name]' or 'key = value', not '{line}'");
            }
            if (section is null)
            {
                throw new UserFacingException($"{where}: '{line}' comes before the first [name] section");
            }
            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (!Keys.Contains(key))
            {
                throw new UserFacingException($"{where}: unknown key '{key}' (one of {string.Join(", ", Keys)})");
            }
            section.Set(key, value, where);
        }
        if (section is not null)
        {
            entries.Add(section.Finish());
        }
        return entries;
    }

    private static string StripComment(string line) =>
        line.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? line[..hash] : line;

    private sealed class Section(string name, string where)
    {
        private readonly List<PathGlob> _paths = [];
        private readonly List<PathGlob> _excluded = [];
        private readonly List<string> _owners = [];
        private PathCategory? _category;
        private string? _title;

        public void Set(string key, string value, string at)
        {
            switch (key)
            {
                case "category":
                    _category = PathCategoryNames.TryParse(value, out var category)
                        ? category
                        : throw new UserFacingException($"{at}: category '{value}' is not one of {string.Join(", ", PathCategoryNames.All)}");
                    break;
                case "title":
                    _title = value.Length > 0 ? value : throw new UserFacingException($"{at}: the title is empty");
                    break;
                case "paths":
                    _paths.AddRange(Globs(value, at));
                    break;
                case "not":
                    _excluded.AddRange(Globs(value, at));
                    break;
                default:
                    _owners.AddRange(Words(value));
                    break;
            }
        }

        public CatalogEntry Finish()
        {
            if (_category is null || _title is null || _paths.Count == 0)
            {
                var missing = new[] { (_category is null, "category"), (_title is null, "title"), (_paths.Count == 0, "paths") }
                    .Where(m => m.Item1).Select(m => m.Item2);
                throw new UserFacingException($"{where}: [{name}] lacks {string.Join(", ", missing)}");
            }
            return new CatalogEntry(name, _category.Value, _title, _paths, _excluded, _owners.Distinct(StringComparer.Ordinal).ToList(), where);
        }

        private static IEnumerable<PathGlob> Globs(string value, string at) => Words(value).Select(word =>
            PathGlob.Problem(word) is { } problem ? throw new UserFacingException($"{at}: {problem}") : new PathGlob(word));

        private static string[] Words(string value) => value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
    }
}
