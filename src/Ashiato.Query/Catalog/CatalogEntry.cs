namespace Ashiato.Query.Catalog;

/// <summary>One section of the sensitive-path catalog.</summary>
/// <param name="Name">The section's id (<c>ssh-private-key</c>), shown in findings.</param>
/// <param name="Title">What the file is, in a sentence's words: "an SSH private key".</param>
/// <param name="Paths">Globs of the files it covers.</param>
/// <param name="Excluded">Globs of files it does not cover, though <paramref name="Paths"/> match them.</param>
/// <param name="Owners">Programs whose own file this is (they may read a credential or write a persistence point).</param>
/// <param name="Source">Where it was defined: <c>file:line</c>.</param>
public sealed record CatalogEntry(
    string Name,
    PathCategory Category,
    string Title,
    IReadOnlyList<PathGlob> Paths,
    IReadOnlyList<PathGlob> Excluded,
    IReadOnlyList<string> Owners,
    string Source)
{
    public bool UsesRunner => Paths.Any(p => p.UsesRunner) || Excluded.Any(p => p.UsesRunner);
}
