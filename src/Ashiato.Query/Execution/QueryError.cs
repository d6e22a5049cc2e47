namespace Ashiato.Query.Execution;

/// <summary>
/// A failed query, fit to show the user: <paramref name="Message"/> is DuckDB's own message where there is one, and
/// <paramref name="Position"/> the character offset in the SQL that DuckDB points at (to underline in an editor).
/// </summary>
public sealed record QueryError(QueryErrorKind Kind, string Message, int? Position = null, string? DuckDbType = null);
