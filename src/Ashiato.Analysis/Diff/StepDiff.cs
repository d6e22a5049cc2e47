namespace Ashiato.Analysis.Diff;

/// <summary>
/// One step whose behaviour changed: what it did that the same step (by <see cref="StepKeys">key</see>) never did in
/// any baseline, or everything it did when no baseline had it.
/// </summary>
/// <param name="Current">The step in the current run.</param>
/// <param name="NewStep">No baseline ran a step with this key.</param>
/// <param name="BaselineRefs">The refs the baselines ran the action at, to show a bump.</param>
/// <param name="ScriptChanged">A run step or hook whose script hash none of the baselines had.</param>
public sealed record StepDiff(StepProfile Current, bool NewStep, IReadOnlySet<string> BaselineRefs, bool ScriptChanged, IReadOnlyList<NewBehaviour> New)
{
    public string Key => Current.Key;

    public int NewCount => New.Sum(n => n.Items.Count);

    /// <summary>The action ran at a ref no baseline ran it at.</summary>
    public bool RefChanged => !NewStep && Current.Refs.Except(BaselineRefs).Any();
}
