using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;
using static Ashiato.Analysis.Tests.Detection.HandWrittenTrace;

namespace Ashiato.Analysis.Tests.Detection;

[Trait("Category", "unit")]
public sealed class RunnerPidReuseTests
{
    [Fact]
    public async Task Several_runner_execs_and_a_reused_pid_are_judged_by_who_held_the_pid_at_the_time()
    {
        using var trace = new HandWrittenTrace(
        [
            Exec(0, 100, 1, "/runner/bin/Runner.Listener", "/runner/bin/Runner.Listener", "run"),
            Exec(1, 200, 100, "/runner/bin/Runner.Worker", "/runner/bin/Runner.Worker", "spawnclient", "1", "2"),
            Exec(2, 300, 200, "/usr/bin/node", "node", "/action/dist/index.js"),
            Open(2, 300, 200, "/proc/200/mem"),
            Open(2, 300, 200, "/proc/100/environ"),
            // The first job's worker exits and its pid goes to an unrelated process.
            Exec(3, 200, 300, "/usr/bin/sleep", "sleep", "1"),
            Open(3, 300, 1, "/proc/200/maps"),
            Open(4, 300, 1, "/proc/200/mem"),
            // The next job's worker; a child reads it through a symlink, and the worker reads its own maps by pid.
            Exec(5, 400, 100, "/runner/bin/Runner.Worker", "/runner/bin/Runner.Worker", "spawnclient", "3", "4"),
            Exec(6, 500, 400, "/usr/bin/node", "node", "/action2/index.js"),
            Open(6, 500, 400, "/proc/self/maps", "/proc/500/maps"),
            Open(6, 400, 100, "/proc/400/maps"),
            Open(7, 500, 400, "/proc/500/fd/9", "/proc/400/maps"),
        ]);

        var report = await DetectionEngine.BuiltIn().RunAsync(trace.Path);

        var findings = report.Findings.Select(f => (f.RuleId, f.Severity, f.Summary)).ToList();
        Assert.Equal(
            [
                ("runner-memory-read", Severity.High, "read /proc/100/environ of Runner.Listener"),
                ("runner-memory-read", Severity.High, "read /proc/200/mem of Runner.Worker"),
                ("runner-memory-read", Severity.High, "read /proc/400/maps of Runner.Worker"),
                ("runner-memory-read", Severity.Medium, "read /proc/200/mem of sleep"),
            ],
            findings);
        var first = report.Findings[0];
        Assert.Equal(["Runner.Listener", "Runner.Worker", "index"], first.Ancestry.Select(s => s.Program));
    }
}
