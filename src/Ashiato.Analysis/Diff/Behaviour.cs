namespace Ashiato.Analysis.Diff;

/// <summary>What a run, or one step of it, did, folded for comparison: per category, the observations by key.</summary>
public sealed record Behaviour(IReadOnlyDictionary<DiffCategory, IReadOnlyDictionary<string, Observation>> Categories)
{
    private static readonly IReadOnlyDictionary<string, Observation> None = new Dictionary<string, Observation>();

    public IReadOnlyDictionary<string, Observation> this[DiffCategory category] =>
        Categories.TryGetValue(category, out var observations) ? observations : None;

    /// <summary>What <paramref name="current"/> did in each category that none of <paramref name="baselines"/> did.</summary>
    public static IReadOnlyList<NewBehaviour> NewIn(Behaviour current, IEnumerable<Behaviour> baselines)
    {
        var news = new List<NewBehaviour>();
        var known = baselines.ToList();
        foreach (var category in Enum.GetValues<DiffCategory>())
        {
            var seen = known.SelectMany(b => b[category].Keys).ToHashSet(StringComparer.Ordinal);
            var items = current[category].Values
                .Where(o => !seen.Contains(o.Key))
                .OrderBy(o => o.FirstSeen, StringComparer.Ordinal)
                .ThenBy(o => o.Key, StringComparer.Ordinal)
                .ToList();
            if (items.Count > 0)
            {
                news.Add(new NewBehaviour(category, items));
            }
        }
        return news;
    }
}
