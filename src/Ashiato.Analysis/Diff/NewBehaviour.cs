namespace Ashiato.Analysis.Diff;

/// <summary>What the current run did in one category that no baseline did.</summary>
public sealed record NewBehaviour(DiffCategory Category, IReadOnlyList<Observation> Items);
