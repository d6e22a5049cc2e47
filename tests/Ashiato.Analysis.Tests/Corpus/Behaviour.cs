using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Tests.Corpus;

/// <summary>
/// One malicious behaviour of the corpus: a GitHub Actions run step (its id is the step's name, GITHUB_ACTION, which
/// findings carry), the rule that must name it and at which severity.
/// </summary>
/// <param name="Group">The job it runs in: one traced job per group keeps the corpus to a few traces.</param>
/// <param name="Script">The step's bash script. The sandbox gives it a home (/home/runner) holding fake credentials,
/// local listeners for exfil.test, downloads.test, webhook hosts and the metadata service, and private /etc, /root,
/// /home and /var/spool.</param>
public sealed record Behaviour(string Id, string Group, string Technique, string Rule, Severity Severity, string Script)
{
    public override string ToString() => Id;
}

/// <summary>A benign CI workload: no finding of medium severity or higher may name its step.</summary>
public sealed record BenignWorkload(string Id, string Description, string Script, IReadOnlyDictionary<string, string>? Env = null)
{
    public override string ToString() => Id;
}
