using System.Text.Json;

namespace Ashiato.Web.Backends;

/// <summary>
/// One finding: which rule fired, how bad it is, what it saw (<see cref="Summary"/>), the events that prove it, and the
/// exec chain from the job's root to the acting process.
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
    string? Remediation = null);
