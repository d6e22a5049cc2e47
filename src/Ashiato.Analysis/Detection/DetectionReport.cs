using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Detection;

/// <summary>The result of running a rule pack over one trace.</summary>
/// <param name="Rules">Every rule that ran, found something or not (SARIF lists them all).</param>
/// <param name="Findings">Most severe first, then in time order.</param>
/// <param name="Warnings">What the user should know about the trace, such as a cut-short tail.</param>
public sealed record DetectionReport(
    string TracePath,
    IReadOnlyList<RuleDefinition> Rules,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Warnings)
{
    public Severity? HighestSeverity => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);
}
