using System.Text.Json;
using Ashiato.Analysis.Processes;
using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Detection;

/// <summary>
/// One thing a rule found: what happened (<see cref="Summary"/>), the trace lines that show it
/// (<see cref="Evidence"/>, as recorded) and the exec chain from the job's root to the acting process.
/// </summary>
/// <param name="Pid">The acting process.</param>
/// <param name="FirstSeen">Timestamp of the earliest evidence event.</param>
public sealed record Finding(
    string RuleId,
    string Title,
    Severity Severity,
    string Technique,
    string Summary,
    long? Pid,
    string FirstSeen,
    IReadOnlyList<JsonElement> Evidence,
    IReadOnlyList<ProcessStep> Ancestry);
