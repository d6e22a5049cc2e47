namespace Ashiato.Query.Execution;

/// <summary>How a streamed result ended: rows delivered, whether the row cap cut it, and the time taken.</summary>
public sealed record ResultSummary(long Rows, bool Truncated, TimeSpan Elapsed);
