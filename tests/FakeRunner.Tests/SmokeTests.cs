using FakeRunner.Protocol;
using FakeRunner.Support;

namespace FakeRunner.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Run_steps_scenario_succeeds()
    {
        using var host = FakeRunnerHost.Create();
        var job = host.Enqueue("run-steps");
        host.RequestShutdown();
        using var listener = host.StartListener();
        var result = host.WaitForResult(job);
        var probes = host.ProbesOf(result);
        Assert.True(result.Result == TaskResult.Succeeded, File.ReadAllText(host.WorkerLogs()[0]));
        Assert.Equal(["default-shell", "bash-shell"], probes.All.Select(p => p.Name).Take(2));
    }
}
