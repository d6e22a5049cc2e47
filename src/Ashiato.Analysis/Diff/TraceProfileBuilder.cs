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
            if (raw.Category == DiffCategory.WritesOutsideWorkspace && IsWorkspaceOrTemp(raw.Value, workspace))
            {
                continue;
            }
            var key = raw.Category switch
            {
                DiffCategory.Hosts => Normalizer.Host(raw.Value),
                DiffCategory.OutboundPorts => raw.Value,
                _ => Normalizer.Path(raw.Value),
            };
            if (!categories.TryGetValue(raw.Category, out var byKey))
            {
                categories[raw.Category] = byKey = new Dictionary<string, Observation>(StringComparer.Ordinal);
            }
            byKey[key] = byKey.TryGetValue(key, out var seen)
                ? seen with { Count = seen.Count + 1 }
                : new Observation(raw.Category, key, raw.Value, 1, raw.Timestamp, raw.Pid, raw.Comm);
        }
        return new TraceProfile(tracePath, categories.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, Observation>)c.Value));
    }

    private static bool IsWorkspaceOrTemp(string path, string? workspace) =>
        NotWorkspaceWrites.Any(root => path.StartsWith(root, StringComparison.Ordinal))
        || (workspace is { Length: > 1 } && (path == workspace || path.StartsWith(workspace.TrimEnd('/') + "/", StringComparison.Ordinal)));
}
