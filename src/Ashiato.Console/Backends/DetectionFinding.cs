using System.Text.Json;

namespace Ashiato.Web.Backends;

/// <summary>
/// One finding: which rule fired, how bad it is, what it saw (<see cref="Summary"/>), the events that prove it, the
/// exec chain from the job's root to the acting process and, inside a GitHub Actions job, the job, step and action;
/// how many times it happened, its phase in an attack and the incident (findings of one step or process chain) it
/// belongs to.
/// </summary>
public sealed record DetectionFinding(
    string RuleId,
    string Title,
    string Severity,
    string? Technique,
    string Summary,
    IReadOnlyList<JsonElement> Evidence,
    IReadOnlyList<string> Ancestry,
    string? Description = null,
    string? Remediation = null,
    string? JobId = null,
    int? Step = null,
    string? StepKind = null,
    string? StepName = null,
    string? Action = null,
    int Occurrences = 1,
    string? Phase = null,
    int Incident = 0);
