using Ashiato.Analysis.Jobs;
using Ashiato.Analysis.Rules;
using Ashiato.Query.Execution;
using Ashiato.Query.Loading;

namespace Ashiato.Analysis.Detection;

/// <summary>
/// Runs a rule pack over a trace, in process, in a fresh in-memory DuckDB database loaded by the query engine's
/// <see cref="TraceLoader"/>: the rules see exactly the <c>events</c> table that <c>ashiato query</c> and the console show.
/// </summary>
public sealed class DetectionEngine(RulePack pack)
{
    /// <summary>The engine with the built-in rule pack.</summary>
    public static DetectionEngine BuiltIn() => new(RulePack.BuiltIn());

    public RulePack Pack => pack;

    /// <summary>Runs every rule over <paramref name="tracePath"/> on a worker thread (DuckDB calls block).</summary>
    public Task<DetectionReport> RunAsync(string tracePath, CancellationToken cancellationToken = default) =>
        Task.Run(() => Run(tracePath, cancellationToken), cancellationToken);

    public DetectionReport Run(string tracePath, CancellationToken cancellationToken = default)
    {
        using var connection = QueryDatabase.OpenInMemory();
        var load = new TraceLoader(connection).Load([TraceInput.ForPath(tracePath)], skipBadLines: false);
        var tree = RuleEnvironment.Prepare(connection, pack);
        var steps = JobStepDirectory.Read(connection);
        var findings = new List<Finding>();
        foreach (var rule in pack.Rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            findings.AddRange(FindingAssembler.Assemble(rule, RuleRunner.Run(connection, rule, cancellationToken), tree, steps));
        }
        var ordered = findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.FirstSeen, StringComparer.Ordinal)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Summary, StringComparer.Ordinal)
            .ToList();
        return DetectionReport.Create(tracePath, pack.Rules, ordered, load.Warnings);
    }
}
