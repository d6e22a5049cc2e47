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
/// <param name="Occurrences">How many times it happened (distinct summaries folded into this finding by its reason).</param>
/// <param name="Reason">The rule's reason for it (a catalog entry such as <c>netrc</c>), when the rule gives one.</param>
/// <param name="Phase">Where in an attack it sits (the rule's <c>phase</c> header): download, credential read, upload, ….</param>
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
    JobStep? Step = null,
    int Occurrences = 1,
    string? Reason = null,
    string Phase = "")
{
    /// <summary>The incident it belongs to (set when the report groups findings), 0 before.</summary>
    public int Incident { get; init; }
}
