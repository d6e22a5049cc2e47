namespace Ashiato.Query.Catalog;

/// <summary>What kind of sensitive file a catalog entry covers; it decides which access matters (a read or a write).</summary>
public enum PathCategory
{
    /// <summary>Read it and you hold a secret.</summary>
    Credential,

    /// <summary>The GitHub Actions runner's own identity.</summary>
    RunnerCredential,

    /// <summary>Password hashes.</summary>
    SystemSecret,

    /// <summary>Another process's memory or environment.</summary>
    ProcessMemory,

    /// <summary>Write it and code runs later.</summary>
    Persistence,

    /// <summary>Shell history: deleting or emptying it hides what ran.</summary>
    History,
}

/// <summary>Category names as the catalog file and SQL spell them.</summary>
public static class PathCategoryNames
{
    private static readonly Dictionary<string, PathCategory> ByName = Enum.GetValues<PathCategory>().ToDictionary(ToWire, c => c, StringComparer.Ordinal);

    public static string ToWire(this PathCategory category) => category switch
    {
        PathCategory.Credential => "credential",
        PathCategory.RunnerCredential => "runner-credential",
        PathCategory.SystemSecret => "system-secret",
        PathCategory.ProcessMemory => "process-memory",
        PathCategory.Persistence => "persistence",
        PathCategory.History => "history",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string text, out PathCategory category) => ByName.TryGetValue(text, out category);

    /// <summary>True for what a read exposes (a credential, memory); false for what a write or delete abuses.</summary>
    public static bool IsSecret(this PathCategory category) =>
        category is PathCategory.Credential or PathCategory.RunnerCredential or PathCategory.SystemSecret or PathCategory.ProcessMemory;
}
