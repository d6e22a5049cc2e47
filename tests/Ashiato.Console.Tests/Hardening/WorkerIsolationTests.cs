using Ashiato.Query.Sandbox;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Hardening;

/// <summary>
/// What untrusted code inside a query worker can reach once DuckDB's own locks are gone: the probe is a shell started
/// exactly as workers are (nobody, own mount, pid and network namespaces), not DuckDB.
/// </summary>
[Trait("Category", "services")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WorkerIsolationTests
{
    [Fact]
    public async Task A_worker_sees_neither_the_server_nor_the_catalog_nor_other_organisations_traces()
    {
        Assert.True(WorkerIsolation.IsAvailable, "the tests run as root with util-linux, as CI does");
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));
        var trace = console.StoredTraceFiles().Single();
        var catalog = Path.Combine(console.DataDirectory, "catalog.sqlite");
        var work = Directory.CreateTempSubdirectory("ashiato-probe-").FullName;
        File.SetUnixFileMode(work, (UnixFileMode)0b111_111_111);
        var probe = Path.Combine(work, "probe.sh");
        await File.WriteAllTextAsync(probe, $$"""
            #!/bin/sh
            echo "uid $(id -u)"
            echo "processes $(ls /proc | grep -c '^[0-9]')"
            echo "server environ: $(cat /proc/{{Environment.ProcessId}}/environ 2>&1 | head -c 80)"
            echo "pid 1 environ: $(tr '\0' ' ' < /proc/1/environ 2>&1)"
            head -c 16 '{{catalog}}' >/dev/null 2>&1 && echo "catalog: readable" || echo "catalog: unreadable"
            head -c 2 '{{trace}}' >/dev/null 2>&1 && echo "trace: readable" || echo "trace: unreadable"
            echo "interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ' ')"
            """);
        File.SetUnixFileMode(probe, (UnixFileMode)0b111_101_101);
        using var spawner = new ChildSpawner();

        var launch = new WorkerLaunch(probe, work, isolated: true);
        using var worker = spawner.Start(launch.StartInfo());
        var seen = await worker.StandardOutput.ReadToEndAsync();
        await worker.WaitForExitAsync();
        Directory.Delete(work, recursive: true);

        Assert.Contains("uid 65534", seen);
        Assert.Matches("processes [1-9]\\n", seen); // the shell, the probe and its pipeline: nothing of the host
        Assert.Contains("server environ: cat: /proc/", seen); // no such process in its pid namespace
        Assert.DoesNotContain("ASHIATO", seen);
        Assert.Contains("catalog: unreadable", seen);
        Assert.Contains("trace: unreadable", seen);
        Assert.Contains("interfaces: lo \n", seen);
    }
}
