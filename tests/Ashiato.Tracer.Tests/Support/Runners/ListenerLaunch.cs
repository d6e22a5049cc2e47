using System.Text;
using FakeRunner.Support;

namespace Ashiato.Tracer.Tests.Support.Runners;

/// <summary>
/// Commands that start fake runners' listeners as their service would (<c>env -i PATH=… HOME=… bin/Runner.Listener
/// run</c> in the runner's root), for a tracer to run.
/// </summary>
public static class ListenerLaunch
{
    /// <summary>One listener: the argv for <c>ashiato trace -- …</c>, run in <see cref="ListenerCommand.WorkingDirectory"/>.</summary>
    public static IReadOnlyList<string> Argv(FakeRunnerHost host) =>
        ["env", "-i", .. host.ListenerCommand.Environment.Select(variable => $"{variable.Key}={variable.Value}"), .. host.ListenerCommand.Argv];

    /// <summary>
    /// <c>sh -c</c> that starts every host's listener at once (each logging to <c>listener.log</c> in its host's
    /// directory), waits for them, then waits for <paramref name="stopFile"/>: the test decides when the trace ends,
    /// so that orphans a killed worker left behind are seen after their job.
    /// </summary>
    public static IReadOnlyList<string> Fleet(IEnumerable<FakeRunnerHost> hosts, string stopFile)
    {
        var script = new StringBuilder();
        foreach (var host in hosts)
        {
            var log = Path.Combine(host.Directory, "listener.log");
            script.Append($"(cd {Quote(host.ListenerCommand.WorkingDirectory)} && exec {string.Join(' ', Argv(host).Select(Quote))} >{Quote(log)} 2>&1) &\n");
        }
        script.Append("wait\n");
        script.Append($"until [ -e {Quote(stopFile)} ]; do sleep 0.1; done\n");
        return ["/bin/sh", "-c", script.ToString()];
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
