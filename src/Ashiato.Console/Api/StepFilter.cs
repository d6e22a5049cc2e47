using Ashiato.Web.Profiles;

namespace Ashiato.Web.Api;

/// <summary>
/// The <c>step</c> query parameter of the job views: absent (everything), <c>&lt;job_id&gt;:&lt;step&gt;</c> (one step
/// of a GitHub Actions job) or <c>none</c> (what happened outside any job).
/// </summary>
public readonly record struct StepFilter(bool All, StepKey? Step)
{
    public const string Outside = "none";

    public static StepFilter Everything => new(true, null);

    public static ApiError Invalid { get; } = new($"step must be <job_id>:<step number> (as the steps list gives it) or {Outside}");

    public static bool TryParse(string? text, out StepFilter filter)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            filter = Everything;
            return true;
        }
        if (text.Trim() == Outside)
        {
            filter = new(false, null);
            return true;
        }
        var parsed = StepKey.TryParse(text.Trim(), out var key);
        filter = parsed ? new(false, key) : Everything;
        return parsed;
    }

    /// <summary>A process of <paramref name="step"/> (null outside any job).</summary>
    public bool Matches(StepKey? step) => All || step == Step;

    /// <summary>A host or file the processes of <paramref name="steps"/> touched; for <c>none</c>, touched by no job.</summary>
    public bool Matches(IReadOnlySet<StepKey> steps) => All || (Step is { } key ? steps.Contains(key) : steps.Count == 0);
}
