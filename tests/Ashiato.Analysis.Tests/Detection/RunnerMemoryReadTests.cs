using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;
using Ashiato.Analysis.Tests.Support;

namespace Ashiato.Analysis.Tests.Detection;

[Collection(ScenarioCollection.Name)]
[Trait("Category", "unit")]
public sealed class RunnerMemoryReadTests(Scenarios scenarios)
{
    private const string Rule = "runner-memory-read";

    [Fact]
    public async Task Another_process_reading_the_runners_maps_and_mem_is_high_with_its_ancestry()
    {
        var trace = scenarios.RunnerAttack;
        var runnerPid = trace.ExecOf("Runner.Worker").Long("pid");

        var report = await DetectionEngine.BuiltIn().RunAsync(trace.Path);

        var high = report.Findings.Where(f => f.RuleId == Rule && f.Severity == Severity.High).ToList();
        Assert.Equal(2, high.Count);
        var maps = Assert.Single(high, f => f.Summary == $"read /proc/{runnerPid}/maps of Runner.Worker");
        var mem = Assert.Single(high, f => f.Summary == $"read /proc/{runnerPid}/mem of Runner.Worker");
        Assert.Equal($"/proc/{runnerPid}/maps", Assert.Single(maps.Evidence).Str("path"));
        Assert.Equal("head", maps.Ancestry[^1].Program);
        Assert.Equal("dd", mem.Ancestry[^1].Program);
        // The chain leads from the scenario's shell to the reader, not through the runner.
        Assert.Contains(maps.Ancestry, s => s.Args.Contains(Path.Combine(trace.WorkDirectory, "scenario.sh")));
        Assert.DoesNotContain(maps.Ancestry, s => s.Program == "Runner.Worker");
    }

    [Fact]
    public async Task Reading_another_processs_mem_is_medium()
    {
        var trace = scenarios.RunnerAttack;
        var bystander = trace.OfType("process_exec").Last(e => e.Str("comm") == "sleep" && e.GetProperty("args")[1].GetString() == "30").Long("pid");

        var report = await DetectionEngine.BuiltIn().RunAsync(trace.Path);

        var finding = Assert.Single(report.Findings, f => f.RuleId == Rule && f.Severity == Severity.Medium);
        Assert.Equal($"read /proc/{bystander}/mem of sleep", finding.Summary);
        // Its maps were read too, which is not reported: only the runner's maps matter.
        Assert.DoesNotContain(report.Findings, f => f.Summary.Contains($"/proc/{bystander}/maps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reading_another_processs_environment_is_a_medium_credential_finding()
    {
        var trace = scenarios.RunnerAttack;
        var bystander = trace.OfType("process_exec").Last(e => e.Str("comm") == "sleep" && e.GetProperty("args")[1].GetString() == "30").Long("pid");

        var report = await DetectionEngine.BuiltIn().RunAsync(trace.Path);

        var finding = Assert.Single(report.Findings, f => f.RuleId == "credential-file-access");
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal($"head read another process's environment (/proc/{bystander}/environ)", finding.Summary);
    }

    [Fact]
    public async Task The_runner_reading_its_own_maps_is_not_a_finding()
    {
        var trace = scenarios.RunnerQuiet;
        var runnerPid = trace.ExecOf("Runner.Worker").Long("pid");
        // The trace does show the runner opening /proc/self/maps, and another process reading a bystander's maps.
        Assert.Contains(trace.OfType("file_open"), e => e.Long("pid") == runnerPid && e.Str("path") == "/proc/self/maps");
        Assert.Contains(trace.OfType("file_open"), e => e.Str("comm") == "head" && e.Str("path")!.EndsWith("/maps", StringComparison.Ordinal));

        var report = await DetectionEngine.BuiltIn().RunAsync(trace.Path);

        Assert.DoesNotContain(report.Findings, f => f.RuleId == Rule);
    }
}
