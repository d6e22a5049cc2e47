namespace Ashiato.Analysis.Diff;

/// <summary>Folds a run's raw observations into a <see cref="TraceProfile"/>. Pure.</summary>
public static class TraceProfileBuilder
{
    private static readonly string[] NotWorkspaceWrites = ["/tmp/", "/var/tmp/", "/dev/", "/proc/", "/sys/", "/run/user/"];

    /// <param name="workspace">The job's working directory: writes under it are the build's own.</param>
    public static TraceProfile Build(string tracePath, IEnumerable<RawObservation> observations, string? workspace)
    {
        var categories = new Dictionary<DiffCategory, Dictionary<string, Observation>>();
        foreach (var raw in observations)
        {
            if (IsTheBuildsOwn(raw, workspace))
            {
                continue;
            }
            var key = Key(raw);
            if (!categories.TryGetValue(raw.Category, out var byKey))
            {
                categories[raw.Category] = byKey = new Dictionary<string, Observation>(StringComparer.Ordinal);
            }
            byKey[key] = byKey.TryGetValue(key, out var seen)
                ? seen with { Count = seen.Count + 1 }
                : new Observation(raw.Category, key, Example(raw), 1, raw.Timestamp, raw.Pid, raw.Comm);
        }
        return new TraceProfile(tracePath, categories.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, Observation>)c.Value));
    }

    /// <summary>Writes, deletes and renames inside the workspace and temporary directories are what a build does.</summary>
    private static bool IsTheBuildsOwn(RawObservation raw, string? workspace) => raw.Category switch
    {
        DiffCategory.WritesOutsideWorkspace or DiffCategory.Deletes => IsWorkspaceOrTemp(raw.Value, workspace),
        DiffCategory.Renames => IsWorkspaceOrTemp(raw.Value, workspace) && IsWorkspaceOrTemp(raw.Detail ?? "", workspace),
        _ => false,
    };

    private static string Key(RawObservation raw) => raw.Category switch
    {
        DiffCategory.Hosts => Normalizer.Host(raw.Value),
        DiffCategory.OutboundPorts => raw.Value,
        DiffCategory.Renames => $"{Normalizer.Path(raw.Value)} → {Normalizer.Path(raw.Detail ?? "")}",
        DiffCategory.PermissionChanges => $"{raw.Detail} {Normalizer.Path(raw.Value)}",
        // The target's comm names what was attached to; its pid differs every run.
        DiffCategory.ProcessAccesses => $"{raw.Detail} {raw.Value}",
        _ => Normalizer.Path(raw.Value),
    };

    private static string Example(RawObservation raw) => raw.Category switch
    {
        DiffCategory.Renames => $"{raw.Value} → {raw.Detail}",
        DiffCategory.PermissionChanges or DiffCategory.ProcessAccesses => $"{raw.Detail} {raw.Value}",
        _ => raw.Value,
    };

    private static bool IsWorkspaceOrTemp(string path, string? workspace) =>
        NotWorkspaceWrites.Any(root => path.StartsWith(root, StringComparison.Ordinal))
        || (workspace is { Length: > 1 } && (path == workspace || path.StartsWith(workspace.TrimEnd('/') + "/", StringComparison.Ordinal)));
}
