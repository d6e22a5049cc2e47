using System.Reflection;
using Ashiato.Events;

namespace Ashiato.Query.Catalog;

/// <summary>
/// The one list of sensitive paths (credentials, the runner's own files, password hashes, other processes' memory,
/// persistence points, shell history), as data: <c>sensitive-paths.txt</c>, embedded, extended by a user's file of the
/// same name. Rules, the baseline diff, the console and the example queries all classify paths with it.
/// </summary>
public sealed class SensitivePathCatalog
{
    public const string FileName = "sensitive-paths.txt";

    private const string ResourceName = "catalog/" + FileName;

    private static readonly Lazy<SensitivePathCatalog> Embedded = new(() => new SensitivePathCatalog(CatalogParser.Parse(ReadResource(), "built-in " + FileName)));

    private SensitivePathCatalog(IReadOnlyList<CatalogEntry> entries) => Entries = entries;

    /// <summary>In the order they are tried: the first entry that covers a path names it.</summary>
    public IReadOnlyList<CatalogEntry> Entries { get; }

    public static SensitivePathCatalog BuiltIn() => Embedded.Value;

    /// <summary>This catalog with the entries of <paramref name="path"/> first; one with a built-in name replaces it.</summary>
    public SensitivePathCatalog WithFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"{path}: cannot read the catalog ({e.Message})", e);
        }
        return With(CatalogParser.Parse(text, path));
    }

    public SensitivePathCatalog With(IReadOnlyList<CatalogEntry> added)
    {
        var names = added.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        return new SensitivePathCatalog([.. added, .. Entries.Where(e => !names.Contains(e.Name))]);
    }

    public CatalogEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>A classifier for a trace whose GitHub Actions runners live in <paramref name="runnerRoots"/> (none: the default guess).</summary>
    public PathClassifier Classifier(IReadOnlyCollection<string>? runnerRoots = null) => new(Entries, runnerRoots ?? []);

    private static string ReadResource()
    {
        Assembly assembly = typeof(SensitivePathCatalog).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
