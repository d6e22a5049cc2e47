namespace Ashiato.Analysis.Diff;

/// <summary>
/// What the current run does that the baselines never did, after <see cref="Normalizer"/> folded what varies between
/// runs of the same build: over the whole run, and per step of its GitHub Actions jobs. <see cref="Compute"/> is pure;
/// <see cref="ComputeAsync"/> reads the traces.
/// </summary>
public static class BaselineDiff
{
    public static DiffReport Compute(IReadOnlyList<TraceProfile> baselines, TraceProfile current)
    {
        var news = Behaviour.NewIn(current.Overall, baselines.Select(b => b.Overall));
        var steps = new List<StepDiff>();
        foreach (var step in current.Steps.Values.OrderBy(s => s.Steps[0].JobId, StringComparer.Ordinal).ThenBy(s => s.Steps[0].Number))
        {
            var before = baselines.Select(b => b.Steps.GetValueOrDefault(step.Key)).OfType<StepProfile>().ToList();
            var added = before.Count == 0 ? Behaviour.NewIn(step.Behaviour, []) : Behaviour.NewIn(step.Behaviour, before.Select(b => b.Behaviour));
            if (added.Count == 0)
            {
                continue;
            }
            var baselineHashes = before.SelectMany(b => b.ScriptHashes).ToHashSet(StringComparer.Ordinal);
            steps.Add(new StepDiff(step, before.Count == 0, before.SelectMany(b => b.Refs).ToHashSet(StringComparer.Ordinal),
                step.ScriptHashes.Count > 0 && baselineHashes.Count > 0 && !step.ScriptHashes.Overlaps(baselineHashes), added));
        }
        return new DiffReport([.. baselines.Select(b => b.TracePath)], current.TracePath, news, steps);
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
