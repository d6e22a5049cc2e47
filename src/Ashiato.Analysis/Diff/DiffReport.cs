namespace Ashiato.Analysis.Diff;

/// <summary>
/// The result of comparing a run with its baselines: only what is new, by category over the whole run, and by step
/// inside GitHub Actions jobs (a step that does what another step did before is new for that step).
/// </summary>
public sealed record DiffReport(IReadOnlyList<string> Baselines, string Current, IReadOnlyList<NewBehaviour> New, IReadOnlyList<StepDiff> Steps)
{
    public int NewCount => New.Sum(n => n.Items.Count);

    public bool HasNew => NewCount > 0 || Steps.Count > 0;
}
