using Ashiato.Query.Loading;

namespace Ashiato.Query.Catalog;

/// <summary>
/// The catalog as a SQL view, <c>sensitive_path_catalog(name, category, title, paths, excluded, owners)</c>, with
/// <c>paths</c> and <c>excluded</c> as anchored regular expressions: queries classify a path with
/// <c>regexp_matches(path, paths) AND NOT coalesce(regexp_matches(path, excluded), false)</c>.
/// </summary>
public static class CatalogView
{
    public const string Name = "sensitive_path_catalog";

    public static string Create(PathClassifier classifier)
    {
        var rows = classifier.Patterns().Select((p, i) =>
            $"({i + 1}, {EventsSchema.Literal(p.Entry.Name)}, {EventsSchema.Literal(p.Entry.Category.ToWire())}, " +
            $"{EventsSchema.Literal(p.Entry.Title)}, {EventsSchema.Literal(p.Paths)}, " +
            $"{(p.Excluded is null ? "NULL" : EventsSchema.Literal(p.Excluded))}, " +
            $"[{string.Join(", ", p.Entry.Owners.Select(EventsSchema.Literal))}]::VARCHAR[])");
        return $"CREATE OR REPLACE VIEW {Name} AS SELECT * FROM (VALUES {string.Join(", ", rows)}) " +
            "t(ord, name, category, title, paths, excluded, owners)";
    }
}
