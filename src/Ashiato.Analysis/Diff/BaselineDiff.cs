namespace Ashiato.Analysis.Diff;

/// <summary>
/// What the current run does that the baselines never did, after <see cref="Normalizer"/> folded what varies between
/// runs of the same build. <see cref="Compute"/> is pure; <see cref="ComputeAsync"/> reads the traces.
/// </summary>
public static class BaselineDiff
{
    public static DiffReport Compute(IReadOnlyList<TraceProfile> baselines, TraceProfile current)
    {
        var news = new List<NewBehaviour>();
        foreach (var category in Enum.GetValues<DiffCategory>())
        {
            var known = baselines.SelectMany(b => b[category].Keys).ToHashSet(StringComparer.Ordinal);
            var items = current[category].Values
                .Where(o => !known.Contains(o.Key))
                .OrderBy(o => o.FirstSeen, StringComparer.Ordinal)
                .ThenBy(o => o.Key, StringComparer.Ordinal)
                .ToList();
            if (items.Count > 0)
            {
                news.Add(new NewBehaviour(category, items));
            }
        }
        return new DiffReport([.. baselines.Select(b => b.TracePath)], current.TracePath, news);
    }

    public static Task<DiffReport> ComputeAsync(IReadOnlyList<string> baselinePaths, string currentPath, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            if (baselinePaths.Count == 0)
            {
                throw new Ashiato.Events.UserFacingException("give at least one --baseline trace");
            }
            var baselines = baselinePaths.Select(p => TraceProfiler.Profile(p, cancellationToken)).ToList();
            return Compute(baselines, TraceProfiler.Profile(currentPath, cancellationToken));
        }, cancellationToken);
}
