using System.Net;
using System.Text;
using System.Text.Json;
using Ashiato.Events.Jsonl;

namespace Ashiato.Events.Tests;

[Trait("Category", "unit")]
public sealed class TraceJsonWriterTests
{
    private static readonly DateTimeOffset When = new(2025, 1, 15, 10, 30, 1, 123, 456, TimeSpan.Zero);

    private static string Line(TraceRecord record)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, TraceJsonWriter.Options))
        {
            TraceJsonWriter.Write(json, record);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Process_exec_matches_the_documented_shape()
    {
        var exec = new ProcessExec
        {
            Timestamp = When,
            Pid = 1234,
            Comm = "npm",
            Ppid = 1,
            Filename = "/usr/bin/npm",
            Args = ["npm", "install", "a \"b\" <c>"],
            Exe = "/usr/bin/node",
            Cwd = "/work",
            Uid = 1001,
        };

        Assert.Equal(
            """{"type":"process_exec","timestamp":"2025-01-15T10:30:01.123456Z","pid":1234,"comm":"npm","ppid":1,"filename":"/usr/bin/npm","args":["npm","install","a \"b\" <c>"],"exe":"/usr/bin/node","cwd":"/work","uid":1001}""",
            Line(exec));
    }

    [Fact]
    public void Process_exec_writes_env_in_order_and_env_truncated_only_when_set()
    {
        var exec = new ProcessExec
        {
            Timestamp = When,
            Pid = 5,
            Comm = "node",
            Filename = "/usr/bin/node",
            Args = ["node"],
            Env = new Dictionary<string, string> { ["NODE_OPTIONS"] = "--require /tmp/a \"b\".js", ["LD_PRELOAD"] = "" },
            EnvTruncated = true,
        };

        Assert.Equal(
            """{"type":"process_exec","timestamp":"2025-01-15T10:30:01.123456Z","pid":5,"comm":"node","filename":"/usr/bin/node","args":["node"],"env":{"NODE_OPTIONS":"--require /tmp/a \"b\".js","LD_PRELOAD":""},"env_truncated":true}""",
            Line(exec));
        Assert.DoesNotContain("env", Line(exec with { Env = new Dictionary<string, string>(), EnvTruncated = false }), StringComparison.Ordinal);
    }

    [Fact]
    public void File_events_carry_path_flags_and_bytes()
    {
        var open = new FileOpen { Timestamp = When, Pid = 7, Comm = "cat", Path = "/proc/self/maps", Flags = new OpenFlags(0x80000), ResolvedPath = "/proc/7/maps" };
        var write = new FileWrite { Timestamp = When, Pid = 7, Comm = "cc", Path = "/tmp/a.o", Bytes = 2048 };

        Assert.Equal(
            """{"type":"file_open","timestamp":"2025-01-15T10:30:01.123456Z","pid":7,"comm":"cat","path":"/proc/self/maps","flags":"O_RDONLY|O_CLOEXEC","resolved_path":"/proc/7/maps"}""",
            Line(open));
        Assert.Equal(
            """{"type":"file_write","timestamp":"2025-01-15T10:30:01.123456Z","pid":7,"comm":"cc","path":"/tmp/a.o","bytes":2048}""",
            Line(write));
    }

    [Fact]
    public void Rename_delete_and_chmod_carry_their_paths_and_an_octal_mode()
    {
        var rename = new FileRename { Timestamp = When, Pid = 7, Comm = "mv", Ppid = 1, Path = "/tmp/a", NewPath = "/tmp/b" };
        var delete = new FileDelete { Timestamp = When, Pid = 7, Comm = "rm", Path = "/tmp/dir", Directory = true };
        var unlink = new FileDelete { Timestamp = When, Pid = 7, Comm = "rm", Path = "/tmp/a" };
        var setuid = new FileChmod { Timestamp = When, Pid = 7, Comm = "chmod", Path = "/tmp/b", Mode = 0x9ed }; // 04755
        var closed = new FileChmod { Timestamp = When, Pid = 7, Comm = "chmod", Path = "/tmp/b", Mode = 0 };

        Assert.Equal(
            """{"type":"file_rename","timestamp":"2025-01-15T10:30:01.123456Z","pid":7,"comm":"mv","ppid":1,"path":"/tmp/a","new_path":"/tmp/b"}""",
            Line(rename));
        Assert.Equal(
            """{"type":"file_delete","timestamp":"2025-01-15T10:30:01.123456Z","pid":7,"comm":"rm","path":"/tmp/dir","directory":true}""",
            Line(delete));
        Assert.Equal(
            """{"type":"file_delete","timestamp":"2025-01-15T10:30:01.123456Z","pid":7,"comm":"rm","path":"/tmp/a"}""",
            Line(unlink));
        Assert.Equal(
            """{"type":"file_chmod","timestamp":"2025-01-15T10:30:01.123456Z","pid":7,"comm":"chmod","path":"/tmp/b","mode":"4755"}""",
            Line(setuid));
        Assert.Equal("000", JsonDocument.Parse(Line(closed)).RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public void Process_access_names_the_target_the_method_and_the_relation()
    {
        var access = new ProcessAccess
        {
            Timestamp = When,
            Pid = 9,
            Comm = "node",
            Ppid = 8,
            TargetPid = 3,
            TargetComm = "Runner.Worker",
            Method = AccessMethod.ProcessVmReadv,
            TargetRelation = ProcessRelation.Ancestor,
            TargetPpid = 2,
        };

        Assert.Equal(
            """{"type":"process_access","timestamp":"2025-01-15T10:30:01.123456Z","pid":9,"comm":"node","ppid":8,"target_pid":3,"target_comm":"Runner.Worker","method":"process_vm_readv","target_relation":"ancestor","target_ppid":2}""",
            Line(access));
    }

    [Fact]
    public void Every_access_method_and_relation_has_its_wire_name()
    {
        Assert.Equal(
            ["ptrace_attach", "ptrace_seize", "process_vm_readv", "process_vm_writev", "pidfd_getfd"],
            Enum.GetValues<AccessMethod>().Select(m => m.ToWire()));
        Assert.Equal(
            ["self", "child", "descendant", "ancestor", "other"],
            Enum.GetValues<ProcessRelation>().Select(r => r.ToWire()));
    }

    [Fact]
    public void Network_events_render_addresses_and_protocol()
    {
        var connect = new NetConnect { Timestamp = When, Pid = 9, Comm = "curl", DstAddr = IPAddress.Parse("2001:db8::1"), DstPort = 443, Protocol = NetProtocol.Tcp, Hostname = "registry.example.org" };
        var dns = new DnsQuery { Timestamp = When, Pid = 9, Comm = "curl", Hostname = "registry.example.org", Qtype = "A", DnsServer = IPEndPoint.Parse("127.0.0.53:53"), Answers = [IPAddress.Parse("10.0.0.1")], Rcode = "NOERROR" };

        Assert.Equal(
            """{"type":"net_connect","timestamp":"2025-01-15T10:30:01.123456Z","pid":9,"comm":"curl","dst_addr":"2001:db8::1","dst_port":443,"protocol":"tcp","hostname":"registry.example.org"}""",
            Line(connect));
        Assert.Equal(
            """{"type":"dns_query","timestamp":"2025-01-15T10:30:01.123456Z","pid":9,"comm":"curl","hostname":"registry.example.org","qtype":"A","dns_server":"127.0.0.53:53","answers":["10.0.0.1"],"rcode":"NOERROR"}""",
            Line(dns));
    }

    [Fact]
    public void Tracer_stats_list_every_event_type()
    {
        var stats = new TracerStats
        {
            Timestamp = When,
            Events = new Dictionary<EventKind, long> { [EventKind.FileOpen] = 5 },
            Dropped = new Dictionary<EventKind, long> { [EventKind.FileWrite] = 2 },
            Truncated = new TruncationCounts(1, 0) { Env = 3 },
            Final = true,
        };

        var json = JsonDocument.Parse(Line(stats)).RootElement;

        Assert.Equal(3, json.GetProperty("truncated").GetProperty("env").GetInt64());
        Assert.Equal(5, json.GetProperty("events").GetProperty("file_open").GetInt64());
        Assert.Equal(0, json.GetProperty("events").GetProperty("dns_query").GetInt64());
        Assert.Equal(
            ["process_exec", "net_connect", "dns_query", "file_open", "file_write", "process_fork", "file_rename", "file_delete", "file_chmod", "process_access",
                "signal", "bpf_call"],
            json.GetProperty("events").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, json.GetProperty("dropped").GetProperty("process_access").GetInt64());
        Assert.Equal(2, json.GetProperty("dropped_total").GetInt64());
        Assert.True(json.GetProperty("final").GetBoolean());
    }

    [Theory]
    [InlineData("2025-01-15T10:30:01.1234567Z", "2025-01-15T10:30:01.123456Z")]
    [InlineData("0999-12-31T23:59:59.0000009Z", "0999-12-31T23:59:59.000000Z")]
    [InlineData("2026-11-27T15:22:51.000001+09:00", "2026-11-27T06:22:51.000001Z")]
    public void Timestamps_are_utc_with_microseconds(string input, string expected)
    {
        var utf8 = new byte[TraceTimestamp.Length];

        TraceTimestamp.FormatUtf8(DateTimeOffset.Parse(input, System.Globalization.CultureInfo.InvariantCulture), utf8);

        Assert.Equal(expected, Encoding.UTF8.GetString(utf8));
        Assert.Equal(expected, TraceTimestamp.ToWire(DateTimeOffset.Parse(input, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
