using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Ashiato.Events;
using Ashiato.Tracer.Tests.EndToEnd.Jobs;
using Ashiato.Tracer.Tests.Support;
using Ashiato.Tracer.Tests.Support.Agent;
using Ashiato.Tracer.Tests.Support.Runners;
using FakeRunner.Protocol;
using FakeRunner.Support;
using Poll = FakeRunner.Support.Poll;

namespace Ashiato.Tracer.Tests.EndToEnd.Agent;

/// <summary>
/// The real agent streaming the fake runner's jobs to a real <c>ashiato serve</c>: each job its own console job, with
/// its metadata, visible while it runs and completed when it ends; a console killed mid-job and started again loses
/// nothing; a step that kills the agent leaves a job that ended abnormally, with what it did until then; a full spool
/// loses chunks, and the trace says so.
/// </summary>
[Collection(FakeRunnerCollection.Name)]
[Trait("Category", "kernel")]
public sealed class AgentStreamTests : IDisposable
{
    private readonly string _spool = RunningAgent.NewDirectory("spool");

    [Fact]
    public void Two_runners_at_once_stream_two_console_jobs_visible_while_they_run()
    {
        using var console = new ConsoleService();
        using var agent = RunningAgent.Start("--server", console.Url, "--token-file", console.TokenFile, "--spool", _spool, "--label", "pool=pair");
        var runners = new[] { "left", "right" }.Select(name =>
        {
            var host = FakeRunnerHost.Create(new FakeRunnerOptions { RunnerName = $"agent-{name}" });
            var job = host.Enqueue(Scenarios.WithSteps(new RunStep { Run = Scenarios.SourceProbes + $"probe {name}\nwait_for_gate {name}" }) with
            {
                JobName = $"job-{name}",
            });
            host.RequestShutdown();
            host.StartListener();
            return (Name: name, Host: host, Job: job);
        }).ToList();
        try
        {
            foreach (var (name, host, job) in runners)
            {
                var probe = host.WaitForProbe(name);
                // While the step waits at its gate: a running console job, named from its runner_job, showing the step's records.
                var id = Poll.For(() => console.FindJob(j => j.Str("state") == "running" && j.Str("job")!.EndsWith($"{job.JobName} #{job.Run.RunId}", StringComparison.Ordinal)),
                    $"a running console job for {job.JobName}; the agent said: {agent.Process.Output}");
                Poll.Until(() => console.Records(id).Any(r => r.Str("type") == "file_open" && r.Int("pid") == probe.Self.Pid), $"the {name} step's records in the console");
                var stream = console.Get($"/api/jobs/{id}/stream");
                Assert.Equal((host.Settings.AgentName, "pair"), (stream.Str("runner_name"), stream.GetProperty("labels").GetProperty("pool").GetString()));
                Assert.Equal(job.Run.Repository, console.Get($"/api/jobs/{id}").Str("repo"));
            }
            foreach (var (name, host, job) in runners)
            {
                host.OpenGate(name);
                host.WaitForResult(job);
            }
            var ids = runners.Select(r => console.FindJob(j => j.Str("job")!.EndsWith($"{r.Job.JobName} #{r.Job.Run.RunId}", StringComparison.Ordinal))!).ToList();
            Poll.Until(() => ids.All(id => console.Get($"/api/jobs/{id}/stream").Str("state") == "completed"), "both streams to complete");
            foreach (var id in ids)
            {
                AssertChunksAreTheDownload(console, id);
                Assert.Empty(console.Get($"/api/jobs/{id}/stream").GetProperty("faults").EnumerateArray());
                var records = console.Records(id);
                JobTraceFiles.AssertWellFormed(records, records[0].Str("job_id")!, "job_ended");
                Assert.Contains(records, r => r.Str("type") == "runner_job_end");
                Assert.Equal("ready", console.Get($"/api/jobs/{id}").Str("state"));
            }
        }
        finally
        {
            runners.ForEach(r => r.Host.Dispose());
        }
    }

    [Fact]
    public void A_console_killed_mid_job_and_started_again_gets_the_whole_job_with_its_chain_intact()
    {
        using var console = new ConsoleService();
        using var agent = RunningAgent.Start("--server", console.Url, "--token-file", console.TokenFile, "--spool", _spool);
        using var host = FakeRunnerHost.Create();
        var job = host.Enqueue(Scenarios.WithSteps(new RunStep { Run = Scenarios.SourceProbes + "probe before\nwait_for_gate outage\nprobe during" }));
        host.RequestShutdown();
        host.StartListener();
        var before = host.WaitForProbe("before");
        var id = Poll.For(() => console.FindJob(j => j.Str("state") == "running"), "the running job in the console");
        Poll.Until(() => console.Records(id).Any(r => r.Int("pid") == before.Self.Pid), "the first records in the console");

        console.Kill();
        host.OpenGate("outage");
        var result = host.WaitForResult(job); // the job ran on and ended while the console was down
        var during = host.ProbesOf(result)["during"];
        Poll.Until(() => Directory.EnumerateFiles(_spool, "*.chunk", SearchOption.AllDirectories).Any(f => f.EndsWith(".1.chunk", StringComparison.Ordinal)),
            "the final chunk in the spool");
        console.Start();

        Poll.Until(() => console.Get($"/api/jobs/{id}/stream").Str("state") == "completed", $"the job to complete; the agent said: {agent.Process.Output}");
        Assert.Empty(console.Get($"/api/jobs/{id}/stream").GetProperty("faults").EnumerateArray());
        AssertChunksAreTheDownload(console, id);
        var records = console.Records(id);
        Assert.Contains(records, r => r.Str("type") == "file_open" && r.Int("pid") == during.Self.Pid);
        Assert.Equal(result.WorkerExitCode, records.Single(r => r.Str("type") == "runner_job_end").Int("exit_code"));
        JobTraceFiles.AssertWellFormed(records, records[0].Str("job_id")!, "job_ended");
        Assert.Empty(Directory.EnumerateFiles(_spool, "*.chunk", SearchOption.AllDirectories)); // all delivered
    }

    [Fact]
    public void A_step_that_kills_the_agent_leaves_a_job_that_ended_abnormally_with_its_records_until_then()
    {
        using var console = new ConsoleService(silenceSeconds: 3);
        using var agent = RunningAgent.Start("--server", console.Url, "--token-file", console.TokenFile);
        using var host = FakeRunnerHost.Create();
        var killer = string.Create(CultureInfo.InvariantCulture, $"probe before-kill\nwait_for_gate kill\nkill -KILL {agent.Process.Pid}\nprobe after-kill");
        var job = host.Enqueue(Scenarios.WithSteps(new RunStep { Run = Scenarios.SourceProbes + killer }));
        host.RequestShutdown();
        host.StartListener();
        var before = host.WaitForProbe("before-kill");
        var id = Poll.For(() => console.FindJob(j => j.Str("state") == "running"), "the running job in the console");
        Poll.Until(() => console.Records(id).Any(r => r.Int("pid") == before.Self.Pid), "the step's records in the console");
        host.OpenGate("kill");
        host.WaitForResult(job);
        Assert.NotEqual(0, agent.Process.WaitForExit());

        Poll.Until(() => console.Get($"/api/jobs/{id}/stream").Str("state") == "abnormal", "the console to mark the trace as ended abnormally");
        var stream = console.Get($"/api/jobs/{id}/stream");
        var fault = stream.GetProperty("faults").EnumerateArray().Single();
        Assert.Equal("ended_abnormally", fault.Str("kind"));
        Assert.Contains("last heard at", fault.Str("detail"));
        var records = console.Records(id);
        Assert.DoesNotContain(records, r => r.Str("type") == "trace_end");
        Assert.Contains(records, r => r.Str("type") == "file_open" && r.Int("pid") == before.Self.Pid);
        Assert.False(console.Get($"/api/jobs/{id}").GetProperty("ended_cleanly").GetBoolean());
        var trace = Path.Combine(_spool, "abnormal.jsonl.gz");
        File.WriteAllBytes(trace, console.Download(id));
        var detect = AshiatoCli.Cli("detect", trace, "--format", "json");
        var finding = JsonDocument.Parse(detect.Stdout).RootElement.GetProperty("findings").EnumerateArray().Single(f => f.Str("rule") == "trace-ended-abnormally");
        Assert.Equal("high", finding.Str("severity"));
    }

    [Fact]
    public void A_full_spool_loses_chunks_records_the_loss_in_the_trace_and_keeps_the_chain()
    {
        using var console = new ConsoleService();
        console.Kill(); // down from the start: every chunk goes to the spool, bounded at 1 MiB
        using var agent = RunningAgent.Start("--server", console.Url, "--token-file", console.TokenFile, "--spool", _spool, "--spool-max-mb", "1");
        using var host = FakeRunnerHost.Create();
        var files = Path.Combine(_spool, "..", $"ashiato-many-{Guid.NewGuid():N}");
        // Tens of thousands of opens of distinct files: several MiB of trace, compressed, within seconds.
        var job = host.Enqueue(Scenarios.WithSteps(new RunStep { Run = Scenarios.SourceProbes + $"mkdir -p {files}\nfor i in $(seq 60000); do : > {files}/file-with-a-long-name-$i; done\nrm -rf {files}\nprobe done" }));
        host.RequestShutdown();
        host.StartListener();
        host.WaitForResult(job);
        Poll.Until(() => Directory.EnumerateFiles(_spool, "*.1.chunk", SearchOption.AllDirectories).Any(), "the final chunk in the spool");
        console.Start();

        var id = Poll.For(() => console.FindJob(j => j.Str("state") == "ready"), $"the job to complete; the agent said: {agent.Process.Output}");
        Assert.Empty(console.Get($"/api/jobs/{id}/stream").GetProperty("faults").EnumerateArray()); // no gap: lost chunks took no sequence number
        AssertChunksAreTheDownload(console, id);
        var records = console.Records(id);
        var loss = Assert.Single(records, r => r.Str("type") == "agent_loss");
        Assert.Equal("spool_full", loss.Str("reason"));
        Assert.True(loss.GetProperty("lost_chunks").GetInt64() > 0 && loss.GetProperty("lost_bytes").GetInt64() > 0);
        Assert.True(string.CompareOrdinal(loss.Str("from"), loss.Str("to")) <= 0);
        JobTraceFiles.AssertWellFormed(records, records[0].Str("job_id")!, "job_ended");
    }

    public void Dispose() => Directory.Delete(_spool, recursive: true);

    /// <summary>The download splits into the chunks the console lists, each with its listed SHA-256.</summary>
    private static void AssertChunksAreTheDownload(ConsoleService console, string id)
    {
        var download = console.Download(id);
        var chunks = console.Get($"/api/jobs/{id}/chunks").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, chunks.Count).Select(i => (long)i), chunks.Select(c => c.GetProperty("seq").GetInt64()));
        var offset = 0;
        foreach (var chunk in chunks)
        {
            var length = (int)chunk.GetProperty("bytes").GetInt64();
            Assert.Equal(chunk.Str("sha256"), Convert.ToHexStringLower(SHA256.HashData(download.AsSpan(offset, length))));
            offset += length;
        }
        Assert.Equal(download.Length, offset);
    }
}
