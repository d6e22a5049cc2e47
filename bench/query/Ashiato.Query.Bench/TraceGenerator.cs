using System.Net;
using Ashiato.Events;
using Ashiato.Events.Jsonl;

namespace Ashiato.Query.Bench;

/// <summary>
/// Writes a synthetic CI job trace with the tracer's own writer (gzip, a member per 4 MiB): a Runner.Worker, builds
/// that mostly open files, some writes, execs, DNS and connections, and a few reads of the worker's memory.
/// </summary>
public static class TraceGenerator
{
    public const int RunnerPid = 1200;

    public static void Write(string path, int events)
    {
        var random = new Random(42);
        var start = DateTimeOffset.Parse("2026-11-27T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        using var writer = TraceFileWriter.Create(path);
        writer.Write(new ProcessExec
        {
            Timestamp = start,
            Pid = RunnerPid,
            Comm = "Runner.Worker",
            Filename = "/home/runner/actions-runner/bin/Runner.Worker",
            Args = ["/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", "107", "110"],
        });
        for (var i = 1; i < events; i++)
        {
            var at = start.AddTicks(i * 1000L);
            var pid = 2000 + random.Next(400);
            var roll = random.Next(100);
            TraceRecord record = roll switch
            {
                < 60 => new FileOpen { Timestamp = at, Pid = pid, Comm = "node", Path = $"/home/runner/work/app/node_modules/pkg{random.Next(5000)}/index.js", Flags = new OpenFlags(0x80000) },
                < 75 => new FileWrite { Timestamp = at, Pid = pid, Comm = "node", Path = $"/home/runner/work/app/dist/chunk{random.Next(900)}.js", Bytes = random.Next(1, 65536) },
                < 85 => new ProcessExec { Timestamp = at, Pid = pid, Comm = "sh", Filename = "/bin/sh", Args = ["sh", "-c", $"node build.js --part {random.Next(100)}"] },
                < 92 => new DnsQuery { Timestamp = at, Pid = pid, Comm = "node", Hostname = $"cdn{random.Next(40)}.example.org" },
                _ => new NetConnect { Timestamp = at, Pid = pid, Comm = "node", DstAddr = new IPAddress([104, 16, (byte)random.Next(256), 35]), DstPort = 443, Protocol = NetProtocol.Tcp },
            };
            if (i % 50_000 == 25_000 || i == events / 2)
            {
                record = new FileOpen { Timestamp = at, Pid = pid, Comm = "python3", Path = $"/proc/{RunnerPid}/mem", Flags = new OpenFlags(0) };
            }
            writer.Write(record);
        }
    }
}
