using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Detection;

/// <summary>The result of running a rule pack over one trace.</summary>
/// <param name="Rules">Every rule that ran, found something or not (SARIF lists them all).</param>
/// <param name="Findings">Most severe first, then in time order; each knows its <see cref="Finding.Incident"/>.</param>
/// <param name="Incidents">The findings grouped by step or process chain, most severe first.</param>
/// <param name="Warnings">What the user should know about the trace, such as a cut-short tail.</param>
public sealed record DetectionReport(
    string TracePath,
    IReadOnlyList<RuleDefinition> Rules,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<Incident> Incidents)
{
    /// <summary>A report whose findings are grouped into incidents here (each finding numbered with its incident).</summary>
    public static DetectionReport Create(string tracePath, IReadOnlyList<RuleDefinition> rules, IReadOnlyList<Finding> findings, IReadOnlyList<string> warnings)
    {
        var incidents = IncidentBuilder.Build(findings);
        var numbers = new Dictionary<Finding, int>(ReferenceEqualityComparer.Instance);
        foreach (var incident in incidents)
        {
            foreach (var finding in incident.Findings)
            {
                numbers[finding] = incident.Number;
            }
        }
        var byOriginal = new Dictionary<Finding, Finding>(ReferenceEqualityComparer.Instance);
        foreach (var finding in findings)
        {
            byOriginal[finding] = finding with { Incident = numbers[finding] };
        }
        var numbered = findings.Select(f => byOriginal[f]).ToList();
        return new DetectionReport(tracePath, rules, numbered, warnings,
            [.. incidents.Select(i => i with { Findings = [.. i.Findings.Select(f => byOriginal[f])] })]);
    }

    public Severity? HighestSeverity => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);
}
