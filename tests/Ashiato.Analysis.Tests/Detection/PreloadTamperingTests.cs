using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;
using Ashiato.Analysis.Tests.Support;
using static Ashiato.Analysis.Tests.Detection.HandWrittenTrace;

namespace Ashiato.Analysis.Tests.Detection;

/// <summary>The preload list cannot be written on the test machine without changing every process on it.</summary>
[Trait("Category", "unit")]
public sealed class PreloadTamperingTests
{
    [Fact]
    public async Task Writing_the_preload_list_is_high_even_outside_an_install()
    {
        using var trace = new HandWrittenTrace(
        [
            Exec(0, 100, 1, "/usr/bin/bash", "bash", "build.sh"),
            Exec(1, 101, 100, "/usr/bin/tee", "tee", "-a", "/etc/ld.so.preload"),
            """{"type":"file_open","timestamp":"2026-11-27T10:00:01.100000Z","pid":101,"ppid":100,"comm":"tee","path":"/etc/ld.so.preload","flags":"O_WRONLY|O_CREAT|O_APPEND"}""",
            """{"type":"file_write","timestamp":"2026-11-27T10:00:01.200000Z","pid":101,"ppid":100,"comm":"tee","path":"/etc/ld.so.preload","bytes":22}""",
        ]);

        var report = await DetectionEngine.BuiltIn().RunAsync(trace.Path);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("tampering", Severity.High, "wrote the dynamic linker preload list (/etc/ld.so.preload)"), (finding.RuleId, finding.Severity, finding.Summary));
        Assert.Equal(["file_open", "file_write"], finding.Evidence.Select(e => e.Str("type")));
        Assert.Equal(["bash", "tee"], finding.Ancestry.Select(s => s.Program));
    }
}
