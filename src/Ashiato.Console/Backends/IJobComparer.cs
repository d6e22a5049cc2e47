namespace Ashiato.Web.Backends;

/// <summary>The baseline diff: what the current trace does that none of the baselines did.</summary>
public interface IJobComparer
{
    Task<JobComparison> CompareAsync(string currentTracePath, IReadOnlyList<string> baselineTracePaths, CancellationToken ct);
}

/// <summary>What is new over the whole run, by category, and for each step of its GitHub Actions jobs that changed.</summary>
public sealed record JobComparison(IReadOnlyList<DiffSection> Sections, IReadOnlyList<StepChange> Steps);

/// <summary>
/// A step whose behaviour changed: what it did that the same step (an action by owner/repo, a run step by name) never
/// did in a baseline, or everything it did when no baseline ran it (<paramref name="NewStep"/>).
/// </summary>
/// <param name="Steps">The step numbers under this key (an action's pre, main and post).</param>
/// <param name="Refs">The refs the action ran at; <paramref name="BaselineRefs"/> those of the baselines.</param>
public sealed record StepChange(
    string Key, string JobId, IReadOnlyList<int> Steps, string? Kind, string? Name, string? Action, bool NewStep,
    IReadOnlyList<string> Refs, IReadOnlyList<string> BaselineRefs, bool ScriptChanged, IReadOnlyList<DiffSection> Sections);

/// <summary>One kind of novelty (hosts, executables, ...) and what is new in the current run.</summary>
public sealed record DiffSection(string Title, IReadOnlyList<DiffItem> Items);

/// <summary>
/// One new behaviour: <paramref name="Key"/> is what runs were compared on (after folding pids, temp names, versions),
/// <paramref name="Example"/> the raw value first seen, <paramref name="Process"/> who did it.
/// </summary>
public sealed record DiffItem(string Key, string Example, long Count, string? FirstSeen, string? Process);
