using Ashiato.Analysis.Jobs;

namespace Ashiato.Analysis.Diff;

/// <summary>Folds a run's raw observations into a <see cref="TraceProfile"/>, over the whole run and per step. Pure.</summary>
public static class TraceProfileBuilder
{
    private static readonly string[] NotWorkspaceWrites = ["/tmp/", "/var/tmp/", "/dev/", "/proc/", "/sys/", "/run/user/"];

    /// <param name="workspace">The job's working directory: writes under it are the build's own.</param>
    /// <param name="steps">The steps of the run's GitHub Actions jobs; <see cref="JobStepDirectory.Empty"/> outside a runner.</param>
    public static TraceProfile Build(string tracePath, IEnumerable<RawObservation> observations, string? workspace, JobStepDirectory? steps = null)
    {
        steps ??= JobStepDirectory.Empty;
        var overall = new BehaviourBuilder();
        var bySteps = new Dictionary<string, StepBuilder>(StringComparer.Ordinal);
        // Every step counts, even one that did nothing worth comparing: a later run doing something there is new for it.
        foreach (var step in steps.Steps)
        {
            StepOf(bySteps, step);
        }
        foreach (var raw in observations)
        {
            if (IsTheBuildsOwn(raw, workspace))
            {
                continue;
            }
            var key = Key(raw);
            overall.Add(raw, key);
            if (raw.Job is { } job)
            {
                StepOf(bySteps, steps.Find(job.JobId, job.Step)).Behaviour.Add(raw, key);
            }
        }
        return new TraceProfile(tracePath, overall.Build(), bySteps.ToDictionary(s => s.Key, s => s.Value.Build(s.Key), StringComparer.Ordinal));
    }

    private static StepBuilder StepOf(Dictionary<string, StepBuilder> bySteps, JobStep step)
    {
        var key = StepKeys.Of(step);
        if (!bySteps.TryGetValue(key, out var builder))
        {
            bySteps[key] = builder = new StepBuilder();
        }
        builder.Add(step);
        return builder;
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

    /// <summary>Observations by category and key: the first seen, counted.</summary>
    private sealed class BehaviourBuilder
    {
        private readonly Dictionary<DiffCategory, Dictionary<string, Observation>> _categories = [];

        public void Add(RawObservation raw, string key)
        {
            if (!_categories.TryGetValue(raw.Category, out var byKey))
            {
                _categories[raw.Category] = byKey = new Dictionary<string, Observation>(StringComparer.Ordinal);
            }
            byKey[key] = byKey.TryGetValue(key, out var seen)
                ? seen with { Count = seen.Count + 1 }
                : new Observation(raw.Category, key, Example(raw), 1, raw.Timestamp, raw.Pid, raw.Comm);
        }

        public Behaviour Build() => new(_categories.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, Observation>)c.Value));
    }

    private sealed class StepBuilder
    {
        private readonly HashSet<JobStep> _steps = [];
        private readonly HashSet<string> _refs = new(StringComparer.Ordinal);
        private readonly HashSet<string> _hashes = new(StringComparer.Ordinal);

        public BehaviourBuilder Behaviour { get; } = new();

        public void Add(JobStep step)
        {
            if (!_steps.Add(step))
            {
                return;
            }
            if (step.ActionRef is { } reference)
            {
                _refs.Add(reference);
            }
            if (step.ScriptSha256 is { } hash)
            {
                _hashes.Add(hash);
            }
        }

        public StepProfile Build(string key) =>
            new(key, [.. _steps.OrderBy(s => s.JobId, StringComparer.Ordinal).ThenBy(s => s.Number)], _refs, _hashes, Behaviour.Build());
    }
}
