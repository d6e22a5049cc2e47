using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Tests.Detection;

/// <summary>Traces from the original product carry only the documented fields: no ppid, comm, resolved_path or hostname.</summary>
[Trait("Category", "unit")]
public sealed class SeedFormatTests
{
    [Fact]
    public async Task Rules_work_on_a_trace_with_only_the_documented_fields()
    {
        using var trace = new HandWrittenTrace(
        [
            """{"type":"process_exec","timestamp":"2025-01-15T10:30:00Z","pid":1000,"comm":"Runner.Worker","filename":"/home/runner/actions-runner/bin/Runner.Worker","args":["Runner.Worker","spawnclient"]}""",
            """{"type":"process_exec","timestamp":"2025-01-15T10:30:01Z","pid":1234,"comm":"npm","filename":"/usr/bin/npm","args":["npm","install"]}""",
            """{"type":"net_connect","timestamp":"2025-01-15T10:30:02Z","pid":1235,"dst_addr":"104.16.23.35","dst_port":443,"protocol":"tcp"}""",
            """{"type":"dns_query","timestamp":"2025-01-15T10:30:02Z","pid":1235,"hostname":"registry.example.org"}""",
            """{"type":"file_open","timestamp":"2025-01-15T10:30:03Z","pid":1236,"path":"/proc/1000/mem","flags":"O_RDONLY"}""",
            """{"type":"file_open","timestamp":"2025-01-15T10:30:03Z","pid":1236,"path":"/home/runner/.netrc","flags":"O_RDONLY"}""",
            """{"type":"file_write","timestamp":"2025-01-15T10:30:04Z","pid":1235,"path":"/home/runner/work/app/node_modules/.package-lock.json","bytes":2048}""",
        ]);

        var report = await DetectionEngine.BuiltIn().RunAsync(trace.Path);

        Assert.Equal(
            [
                ("runner-memory-read", Severity.High, "read /proc/1000/mem of Runner.Worker"),
                ("credential-file-access", Severity.Medium, "pid 1236 read a .netrc password file (/home/runner/.netrc)"),
            ],
            report.Findings.Select(f => (f.RuleId, f.Severity, f.Summary)));
    }
}
