using System.Net;
using Ashiato.Events;
using Ashiato.Events.Jsonl;

namespace Ashiato.Web.Bench;

/// <summary>A build-shaped trace of a given size: many compiler execs, header opens, object writes, some network.</summary>
public static class BenchTrace
{
    public static byte[] Gzip(int events)
    {
        var output = new MemoryStream();
        var start = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        using (var writer = new TraceFileWriter(output, gzip: true))
        {
            writer.Write(new ProcessExec { Timestamp = start, Pid = 100, Comm = "Runner.Worker", Ppid = 1, Filename = "/home/runner/bin/Runner.Worker", Args = ["Runner.Worker"] });
            for (var i = 1; i < events; i++)
            {
                var at = start.AddMilliseconds(i);
                var pid = 1000 + i / 20;
                writer.Write((i % 20) switch
                {
                    0 => new ProcessExec { Timestamp = at, Pid = pid, Comm = "cc1", Ppid = 100, Filename = "/usr/bin/cc1", Args = ["cc1", $"src/f{i}.c", "-O2"] },
                    1 => new DnsQuery { Timestamp = at, Pid = pid, Comm = "cc1", Hostname = $"host{i % 50}.example.org", Answers = [IPAddress.Parse($"10.0.{i % 50}.1")] },
                    2 => new NetConnect { Timestamp = at, Pid = pid, Comm = "cc1", DstAddr = IPAddress.Parse($"10.0.{i % 50}.1"), DstPort = 443, Protocol = NetProtocol.Tcp },
                    19 => new FileWrite { Timestamp = at, Pid = pid, Comm = "cc1", Path = $"/home/runner/work/app/build/f{i}.o", Bytes = 4096 },
                    _ => new FileOpen { Timestamp = at, Pid = pid, Comm = "cc1", Path = $"/usr/include/h{i % 400}.h", Flags = new OpenFlags(0) },
                });
                if (i % 4096 == 0)
                {
                    writer.Flush();
                }
            }
        }
        return output.ToArray();
    }
}
