namespace Ashiato.Web.Backends;

/// <summary>The baseline diff: what the current trace does that none of the baselines did.</summary>
public interface IJobComparer
{
    Task<IReadOnlyList<DiffSection>> CompareAsync(string currentTracePath, IReadOnlyList<string> baselineTracePaths, CancellationToken ct);
}

/// <summary>One kind of novelty (hosts, executables, ...) and what is new in the current run.</summary>
public sealed record DiffSection(string Title, IReadOnlyList<DiffItem> Items);

/// <summary>
/// One new behaviour: <paramref name="Key"/> is what runs were compared on (after folding pids, temp names, versions),
/// <paramref name="Example"/> the raw value first seen, <paramref name="Process"/> who did it.
/// </summary>
public sealed record DiffItem(string Key, string Example, long Count, string? FirstSeen, string? Process);
