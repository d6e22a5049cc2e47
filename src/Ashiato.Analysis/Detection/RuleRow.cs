namespace Ashiato.Analysis.Detection;

/// <summary>One row of a rule's result: an evidence event and how to file it.</summary>
/// <param name="Data">The event's JSON line (the <c>data</c> column).</param>
/// <param name="ExecId">The acting exec, when the rule gives it; otherwise it is found from the event's pid.</param>
/// <param name="Severity">The row's severity, when the rule overrides its header.</param>
/// <param name="Summary">What the finding says; rows with the same summary, severity and acting exec form one finding.</param>
/// <param name="Reason">
/// Why, in a word that stays the same across occurrences (a catalog entry, a method): rows with the same acting exec
/// and reason form one finding, at the highest of their severities, whatever their summaries, so that one process
/// reading a hundred files for one reason is one finding with a count.
/// </param>
public sealed record RuleRow(string Data, long? ExecId, string? Severity, string? Summary, string? Reason = null);
