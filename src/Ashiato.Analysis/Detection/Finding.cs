using System.Text.Json;
using Ashiato.Analysis.Jobs;
using Ashiato.Analysis.Processes;
using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Detection;

/// <summary>
/// One thing a rule found: what happened (<see cref="Summary"/>), the trace lines that show it
/// (<see cref="Evidence"/>, as recorded) and the exec chain from the job's root to the acting process.
/// </summary>
/// <param name="Pid">The acting process.</param>
/// <param name="FirstSeen">Timestamp of the earliest evidence event.</param>
/// <param name="Step">
/// The GitHub Actions job, step and action the acting process belongs to (from its own records' <c>job_id</c> and
/// <c>step</c>); null outside any job.
/// </param>
public sealed record Finding(
    string RuleId,
    string Title,
    Severity Severity,
    string Technique,
    string Summary,
    long? Pid,
    string FirstSeen,
    IReadOnlyList<JsonElement> Evidence,
    IReadOnlyList<ProcessStep> Ancestry,
    JobStep? Step = null);
