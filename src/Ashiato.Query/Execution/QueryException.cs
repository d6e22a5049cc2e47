using Ashiato.Events;

namespace Ashiato.Query.Execution;

/// <summary>A query that failed for a reason the user can act on; carries the structured <see cref="QueryError"/>.</summary>
public sealed class QueryException(QueryError error, Exception? inner = null) : UserFacingException(error.Message, inner)
{
    public QueryError Error { get; } = error;
}
