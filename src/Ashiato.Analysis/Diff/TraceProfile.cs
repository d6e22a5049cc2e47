namespace Ashiato.Analysis.Diff;

/// <summary>What one run did, folded for comparison: per category, the observations by key.</summary>
public sealed record TraceProfile(string TracePath, IReadOnlyDictionary<DiffCategory, IReadOnlyDictionary<string, Observation>> Categories)
{
    public IReadOnlyDictionary<string, Observation> this[DiffCategory category] =>
        Categories.TryGetValue(category, out var observations) ? observations : new Dictionary<string, Observation>();
}
