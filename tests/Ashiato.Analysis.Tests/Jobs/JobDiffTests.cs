using System.IO.Compression;
using Ashiato.Analysis.Diff;
using Ashiato.Analysis.Tests.Support;

namespace Ashiato.Analysis.Tests.Jobs;

/// <summary>The per-step diff on the fake runner's malicious-action job, as the real tracer recorded it.</summary>
[Collection(ScenarioCollection.Name)]
[Trait("Category", "unit")]
public sealed class JobDiffTests(Scenarios scenarios)
{
    [Fact]
    public void Each_step_of_the_recorded_job_has_its_own_key()
    {
        var profile = TraceProfiler.Profile(scenarios.RunnerJobAttack.Path);

        Assert.Equal(
            ["build: action evil-org/changed-files", "build: hook job-completed.sh", "build: hook job-started.sh", "build: run __run", "build: run __run_2", "build: runner"],
            profile.Steps.Keys.Order(StringComparer.Ordinal));
        var evil = profile.Steps["build: action evil-org/changed-files"];
        Assert.Equal(["v45"], evil.Refs);
        Assert.Contains(evil.Behaviour[DiffCategory.SensitiveReads].Keys, k => k == "/proc/<pid>/mem");
        Assert.DoesNotContain(profile.Steps["build: run __run"].Behaviour[DiffCategory.SensitiveReads].Keys, k => k == "/proc/<pid>/mem");
    }

    [Fact]
    public async Task Against_the_same_job_without_the_memory_read_only_the_actions_step_changed()
    {
        var trace = scenarios.RunnerJobAttack;
        var attacker = scenarios.RunnerJobProbes["memory-dump"].Self.Pid;
        var worker = trace.OfType("runner_job").Single().Long("worker_pid");
        var baseline = Path.Combine(scenarios.NewFolder("diff"), "without-read.jsonl.gz");
        await using (var gzip = new GZipStream(File.Create(baseline), CompressionLevel.Fastest))
        await using (var writer = new StreamWriter(gzip))
        {
            var stolen = new[] { $"/proc/{worker}/mem", $"/proc/{worker}/maps" };
            foreach (var record in trace.Records.Where(r => !(r.Str("type") == "file_open" && r.Long("pid") == attacker && stolen.Contains(r.Str("path")))))
            {
                await writer.WriteLineAsync(record.GetRawText());
            }
        }

        var report = await BaselineDiff.ComputeAsync([baseline], trace.Path);

        var step = Assert.Single(report.Steps);
        Assert.Equal(("build: action evil-org/changed-files", false), (step.Key, step.NewStep));
        Assert.Equal(["/proc/<pid>/maps", "/proc/<pid>/mem"],
            step.New.Single(n => n.Category == DiffCategory.SensitiveReads).Items.Select(i => i.Key).Order(StringComparer.Ordinal));
        Assert.Equal("evil-org/changed-files@v45", step.Current.Steps.Single().Action);
    }
}
