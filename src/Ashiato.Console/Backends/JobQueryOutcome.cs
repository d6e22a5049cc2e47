using System.Text.Json;

namespace Ashiato.Web.Backends;

/// <summary>What a query gave: rows, or an error for the user.</summary>
public abstract record JobQueryOutcome;

/// <summary>Rows up to the runner's cap; <see cref="Truncated"/> says more existed. Cells are JSON values.</summary>
public sealed record JobQueryRows(
    IReadOnlyList<JobQueryColumn> Columns, IReadOnlyList<IReadOnlyList<JsonElement>> Rows, bool Truncated, long ElapsedMs) : JobQueryOutcome;

public sealed record JobQueryColumn(string Name, string Type);

/// <summary>
/// An error in the SQL or its execution. <see cref="Position"/> is a 0-based character offset into the SQL;
/// <see cref="Detail"/> is what the engine said about its own failure, for the server's log only.
/// </summary>
public sealed record JobQueryError(string Error, int? Position, string? Detail = null) : JobQueryOutcome;
