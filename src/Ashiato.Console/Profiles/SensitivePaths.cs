using Ashiato.Query.Catalog;

namespace Ashiato.Web.Profiles;

/// <summary>
/// Paths worth a second look in the Files tab, as the sensitive-path catalog names them (credentials, keys, other
/// processes' memory, persistence points, history). The rule pack decides what is an attack; this only highlights.
/// </summary>
public static class SensitivePaths
{
    private static readonly PathClassifier Catalog = SensitivePathCatalog.BuiltIn().Classifier();

    /// <summary>Why <paramref name="path"/> is sensitive (the catalog entry's title), or null when it is not.</summary>
    public static string? Classify(string path)
    {
        var entry = Catalog.Classify(path);
        // A process's own /proc/self is routine; only another process's (by number) is worth a look.
        if (entry?.Category == PathCategory.ProcessMemory && !path.Split('/')[2].All(char.IsAsciiDigit))
        {
            return null;
        }
        return entry?.Title;
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
