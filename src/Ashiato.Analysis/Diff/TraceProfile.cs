namespace Ashiato.Analysis.Diff;

/// <summary>
/// What one run did, folded for comparison: all of it (<see cref="Overall"/>), and inside GitHub Actions jobs what
/// each step did, by <see cref="StepKeys">step key</see>.
/// </summary>
public sealed record TraceProfile(string TracePath, Behaviour Overall, IReadOnlyDictionary<string, StepProfile> Steps)
{
    public IReadOnlyDictionary<DiffCategory, IReadOnlyDictionary<string, Observation>> Categories => Overall.Categories;

    public IReadOnlyDictionary<string, Observation> this[DiffCategory category] => Overall[category];
}
