using Ashiato.Analysis.Jobs;
using Ashiato.Analysis.Processes;
using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Detection;

/// <summary>
/// Findings that belong together: those of one GitHub Actions step, or outside a job those under one command of the
/// traced workload (one process chain below the trace's root), with their timeline (download → write → execute →
/// memory read → upload).
/// </summary>
/// <param name="Number">1, 2, …: most severe first, then by time.</param>
/// <param name="Scope">What groups them, for people: <c>step 4 (evil-org/changed-files@v45) of job 5202-…</c>, or the chain.</param>
/// <param name="Chain">The process chain all its findings share, from the trace's root.</param>
/// <param name="Findings">In time order.</param>
public sealed record Incident(
    int Number,
    Severity Severity,
    string Scope,
    JobStep? Step,
    IReadOnlyList<ProcessStep> Chain,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>One line per finding in time order: when, what phase of an attack, what.</summary>
    public IReadOnlyList<TimelineEntry> Timeline =>
        [.. Findings.Select(f => new TimelineEntry(f.FirstSeen, f.Phase, f))];
}

/// <param name="Phase">The rule's phase (its <c>phase</c> header): download, write, execute, credential read, memory read, upload, ….</param>
public sealed record TimelineEntry(string Timestamp, string Phase, Finding Finding);
