using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;
using Ashiato.Analysis.Tests.Support;
using static Ashiato.Analysis.Tests.Detection.HandWrittenTrace;

namespace Ashiato.Analysis.Tests.Detection;

/// <summary>
/// <c>ashiato trace --pid</c> of a running Runner.Worker: the worker and its step's shell were running before tracing
/// started, so the trace knows them only from snapshot execs, and the step's subshell only from a process_fork record.
/// </summary>
[Trait("Category", "kernel")]
public sealed class PidScopedRunnerTests
{
    private static IEnumerable<string> WorkerAndStep() =>
    [
        Snapshot(0, 200, 100, "/home/runner/actions-runner/bin/Runner.Worker", "/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", "107", "110"),
        Snapshot(0, 300, 200, "/usr/bin/bash", "/usr/bin/bash", "-e", "/home/runner/work/_temp/step.sh"),
        // The step runs "( node payload.js )": a subshell that never execs, whose child is the payload.
        Fork(1, 301, 300, "bash"),
        Exec(2, 302, 301, "/usr/bin/node", "node", "payload.js"),
    ];

    [Fact]
    public async Task A_worker_known_from_its_snapshot_exec_makes_a_mem_read_high_and_the_chain_reaches_it()
    {
        using var trace = new HandWrittenTrace([.. WorkerAndStep(), Open(3, 302, 301, "/proc/200/mem"), Open(3, 302, 301, "/proc/200/maps")]);

        var report = await DetectionEngine.BuiltIn().RunAsync(trace.Path);

        Assert.Equal(
            [("runner-memory-read", Severity.High, "read /proc/200/maps of Runner.Worker"), ("runner-memory-read", Severity.High, "read /proc/200/mem of Runner.Worker")],
            report.Findings.Select(f => (f.RuleId, f.Severity, f.Summary)).Order());
        var finding = report.Findings[0];
        Assert.Equal([200L, 300L, 301L, 302L], finding.Ancestry.Select(s => s.Pid));
        Assert.Equal(["Runner.Worker", "bash", "bash", "payload"], finding.Ancestry.Select(s => s.Program));
        Assert.True(finding.Ancestry[2].Forked);
        Assert.False(finding.Ancestry[3].Forked);
    }

    [Fact]
    public async Task Fail_on_high_fails_the_job_for_a_worker_known_only_from_its_snapshot()
    {
        using var trace = new HandWrittenTrace([.. WorkerAndStep(), Open(3, 302, 301, "/proc/200/mem")]);
        // The same trace without the snapshot records, as a tracer without them wrote it: the worker is unknown.
        using var blind = new HandWrittenTrace(File.ReadAllLines(trace.Path).Where(l => !l.Contains("\"snapshot\":true", StringComparison.Ordinal)));

        var withSnapshot = await Tracing.CliAsync("detect", trace.Path, "--fail-on", "high");
        var withoutSnapshot = await Tracing.CliAsync("detect", blind.Path, "--fail-on", "high");

        Assert.Equal(1, withSnapshot.ExitCode);
        Assert.Contains("read /proc/200/mem of Runner.Worker", withSnapshot.Stdout);
        Assert.Equal(0, withoutSnapshot.ExitCode);
        Assert.Contains("read /proc/200/mem of a process outside the trace", withoutSnapshot.Stdout);
    }
}
