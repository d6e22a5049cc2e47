namespace Ashiato.Analysis.Diff;

/// <summary>The result of comparing a run with its baselines: only what is new, by category.</summary>
public sealed record DiffReport(IReadOnlyList<string> Baselines, string Current, IReadOnlyList<NewBehaviour> New)
{
    public int NewCount => New.Sum(n => n.Items.Count);

    public bool HasNew => NewCount > 0;
}
