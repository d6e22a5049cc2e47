namespace Ashiato.Analysis.Rules;

/// <summary>The allow-list file format: one host pattern a line; <c>#</c> starts a comment.</summary>
public static class AllowList
{
    public static IReadOnlyList<string> Parse(string text) =>
    [
        .. text.ReplaceLineEndings("\n").Split('\n')
            .Select(line => (line.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? line[..hash] : line).Trim().ToLowerInvariant())
            .Where(line => line.Length > 0),
    ];
}
