using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Tests.Corpus;

/// <summary>
/// The detection corpus: every malicious behaviour must be reported by its rule at its severity, in its own step and
/// job, with the process chain from the runner; no benign workload may get a finding of medium severity or higher.
/// The coverage table (docs/detection-coverage.md) is written from this run by scripts/detection-coverage.sh.
/// </summary>
[Collection(CorpusCollection.Name)]
[Trait("Category", "kernel")]
public sealed class CorpusTests(CorpusRun corpus)
{
    public static TheoryData<string> MaliciousIds => [.. MaliciousBehaviours.All.Select(b => b.Id)];

    public static TheoryData<string> BenignIds => [.. BenignWorkloads.All.Select(w => w.Id)];

    [Theory]
    [MemberData(nameof(MaliciousIds))]
    public void Each_malicious_behaviour_is_reported_by_its_rule_at_its_severity_in_its_step(string id)
    {
        var behaviour = MaliciousBehaviours.All.Single(b => b.Id == id);
        var findings = CorpusRun.FindingsOf(corpus.Malicious, id);

        var verdict = CoverageTable.Judge(behaviour, findings);

        Assert.True(verdict.AtExpectedSeverity,
            $"{id}: expected {behaviour.Rule} at {behaviour.Severity.ToWire()}; got {CoverageTable.Describe(findings)}");
        var finding = findings.First(f => f.RuleId == behaviour.Rule && f.Severity == behaviour.Severity);
        Assert.Equal(behaviour.Group, finding.Step!.WorkflowJob);
        // The full chain: the runner's worker, then the step's shell, then what it started.
        var programs = finding.Ancestry.Select(s => s.Program).ToList();
        var worker = programs.IndexOf("Runner.Worker");
        Assert.True(worker >= 0 && programs.Skip(worker + 1).FirstOrDefault() == "bash", string.Join(" > ", programs));
    }

    [Theory]
    [MemberData(nameof(BenignIds))]
    public void No_benign_workload_gets_a_medium_or_high_finding(string id)
    {
        var findings = CorpusRun.FindingsOf(corpus.Benign, id);

        Assert.True(findings.All(f => f.Severity < Severity.Medium), $"{id}: {CoverageTable.Describe(findings)}");
    }

    [Fact]
    public void Every_benign_workload_ran_to_its_end()
    {
        // A workload that broke early would pass the test above for nothing: each step must have exited 0 by itself.
        var steps = CoverageTable.StepExits(corpus.Benign.TracePath);

        Assert.All(BenignWorkloads.All, w => Assert.Equal(0, steps.GetValueOrDefault(w.Id, -1)));
    }

    [Fact]
    public void The_coverage_goals_hold_and_the_table_is_written_when_asked()
    {
        var table = CoverageTable.Build(corpus.Malicious, corpus.Benign);
        if (Environment.GetEnvironmentVariable(CoverageTable.OutputVariable) is { Length: > 0 } output)
        {
            File.WriteAllText(output, table.Markdown);
        }

        Assert.True(table.DetectedShare >= 0.9, $"{table.Detected}/{table.Malicious} malicious behaviours at their expected severity");
        Assert.Equal(0, table.NoisyBenign);
        Assert.True(MaliciousBehaviours.All.Count >= 50 && BenignWorkloads.All.Count >= 10);
    }
}
