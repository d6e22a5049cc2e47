using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;
using Ashiato.Analysis.Tests.Support;

namespace Ashiato.Analysis.Tests.Detection;

/// <summary>
/// A real <c>npm install</c> of a local package, traced: in the malicious run its postinstall steals ~/.netrc, calls a
/// host the test's DNS answers, drops and runs a payload, edits ~/.bashrc and pipes base64 into sh; the benign run
/// only writes a build file, and then git reads its own credentials.
/// </summary>
[Collection(ScenarioCollection.Name)]
[Trait("Category", "kernel")]
public sealed class InstallScenarioTests(Scenarios scenarios)
{
    private Task<DetectionReport> MaliciousAsync() => DetectionEngine.BuiltIn().RunAsync(scenarios.MaliciousInstall.Path);

    private Task<DetectionReport> BenignAsync() => DetectionEngine.BuiltIn().RunAsync(scenarios.BenignInstall.Path);

    [Fact]
    public async Task An_install_script_reading_netrc_is_a_high_credential_finding_with_the_npm_chain()
    {
        var report = await MaliciousAsync();

        var finding = Assert.Single(report.Findings, f => f.RuleId == "credential-file-access");
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Matches(@"^cat read a \.netrc password file \(/tmp/tmp\.[^/]+/home/\.netrc\)$", finding.Summary);
        Assert.Equal("file_open", Assert.Single(finding.Evidence).Str("type"));
        // npm install > sh -c "sh ./install.sh" > sh ./install.sh > cat
        var programs = finding.Ancestry.Select(s => s.Program).ToList();
        Assert.Equal(["npm", "sh", "sh", "cat"], programs[^4..]);
        Assert.Contains("install", finding.Ancestry[^4].Args);
        Assert.Equal(["sh", "./install.sh"], finding.Ancestry[^2].Args);
    }

    [Fact]
    public async Task Owners_reading_their_own_credentials_are_not_findings()
    {
        var trace = scenarios.BenignInstall;
        // npm did read ~/.npmrc and git its ~/.git-credentials: both are expected.
        Assert.Contains(trace.OfType("file_open"), e => e.Str("path")!.EndsWith("/home/.npmrc", StringComparison.Ordinal));
        Assert.Contains(trace.OfType("file_open"), e => e.Str("path")!.EndsWith("/home/.git-credentials", StringComparison.Ordinal));

        var report = await BenignAsync();

        Assert.DoesNotContain(report.Findings, f => f.RuleId == "credential-file-access");
    }

    [Fact]
    public async Task Curl_and_base64_into_sh_under_an_install_script_are_high()
    {
        var report = await MaliciousAsync();

        var findings = report.Findings.Where(f => f.RuleId == "download-and-execute").ToList();
        var curl = Assert.Single(findings, f => f.Summary.StartsWith("downloader: curl", StringComparison.Ordinal));
        Assert.Equal(Severity.High, curl.Severity);
        Assert.Contains(curl.Evidence, e => e.Str("type") == "net_connect" && e.Str("hostname") == Scenarios.ExfilHost);
        Assert.Contains(curl.Ancestry, s => s.Program == "npm");
        var base64 = Assert.Single(findings, f => f.Summary.StartsWith("base64 decoder piped into a program that runs it", StringComparison.Ordinal));
        Assert.Equal(Severity.High, base64.Severity);
        Assert.True(scenarios.ExfilRequests >= 1, "curl reached the loopback listener");
    }

    [Fact]
    public async Task Curl_outside_any_install_script_is_only_low()
    {
        var report = await DetectionEngine.BuiltIn().RunAsync(scenarios.RunnerAttack.Path);

        var curl = Assert.Single(report.Findings, f => f.RuleId == "download-and-execute");
        Assert.Equal(Severity.Low, curl.Severity);
        Assert.Equal("downloader: curl -s -m 2 -o /dev/null http://127.0.0.1:9/", curl.Summary);
        Assert.DoesNotContain(curl.Ancestry, s => s.Program == "npm");
    }

    [Fact]
    public async Task A_benign_install_has_no_download_or_egress_findings()
    {
        var report = await BenignAsync();

        Assert.DoesNotContain(report.Findings, f => f.RuleId is "download-and-execute" or "install-egress");
    }

    [Fact]
    public async Task Egress_to_an_unlisted_host_during_the_install_is_high_and_names_the_host()
    {
        var report = await MaliciousAsync();

        var finding = Assert.Single(report.Findings, f => f.RuleId == "install-egress");
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal($"contacted {Scenarios.ExfilHost} during a package install", finding.Summary);
        Assert.Contains(finding.Evidence, e => e.Str("type") == "dns_query" && e.Str("hostname") == Scenarios.ExfilHost);
        Assert.Contains(finding.Evidence, e => e.Str("type") == "net_connect" && e.Str("dst_addr") == "127.0.10.1");
    }

    [Fact]
    public async Task A_host_added_to_the_allow_list_is_not_reported()
    {
        var rules = scenarios.NewFolder("allow");
        await File.WriteAllTextAsync(Path.Combine(rules, RulePack.AllowListFileName), "# our mirror\n*.test\n");

        var report = await new DetectionEngine(RulePack.BuiltIn().WithDirectory(rules)).RunAsync(scenarios.MaliciousInstall.Path);

        Assert.DoesNotContain(report.Findings, f => f.RuleId == "install-egress");
        Assert.Contains(report.Findings, f => f.RuleId == "download-and-execute");
    }

    [Fact]
    public async Task Writing_bashrc_a_git_hook_and_a_workflow_from_an_install_script_is_high_tampering()
    {
        var report = await MaliciousAsync();

        var findings = report.Findings.Where(f => f.RuleId == "tampering").ToList();
        Assert.All(findings, f => Assert.Equal(Severity.High, f.Severity));
        var summaries = findings.Select(f => f.Summary).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, summaries.Count);
        Assert.Matches(@"^wrote a GitHub Actions workflow \(/tmp/tmp\.[^/]+/app/\.github/workflows/exfil\.yml\)$", summaries[0]);
        Assert.Matches(@"^wrote a git hook \(/tmp/tmp\.[^/]+/app/\.git/hooks/pre-commit\)$", summaries[1]);
        Assert.Matches(@"^wrote a shell startup file \(/tmp/tmp\.[^/]+/home/\.bashrc\)$", summaries[2]);
        var bashrc = findings.Single(f => f.Summary.EndsWith("/home/.bashrc)", StringComparison.Ordinal));
        Assert.All(bashrc.Evidence, e => Assert.EndsWith("/home/.bashrc", e.Str("path")));
    }

    [Fact]
    public async Task A_payload_written_then_run_by_an_install_script_is_high()
    {
        var report = await MaliciousAsync();

        var finding = Assert.Single(report.Findings, f => f.RuleId == "written-then-executed");
        Assert.Equal(Severity.High, finding.Severity);
        Assert.EndsWith("/payload.sh, written earlier in the job", finding.Summary);
        // The evidence: the open for writing and the write of the payload, then its exec.
        Assert.Equal(["file_open", "file_write", "process_exec"], finding.Evidence.Select(e => e.Str("type")).Distinct().Order());
        var types = finding.Evidence.Select(e => e.Str("type")).ToList();
        Assert.True(types.IndexOf("file_open") < types.IndexOf("process_exec"), "the payload was opened for writing before it ran");
    }

    [Fact]
    public async Task A_benign_install_has_no_tampering_or_dropped_executables()
    {
        var trace = scenarios.BenignInstall;
        Assert.Contains(trace.OfType("file_write"), e => e.Str("path")!.EndsWith("/build-output.txt", StringComparison.Ordinal));
        // git init wrote its sample hooks, which are not tampering.
        Assert.Contains(trace.OfType("file_write"), e => e.Str("path")!.EndsWith(".git/hooks/pre-commit.sample", StringComparison.Ordinal));

        var report = await BenignAsync();

        Assert.Empty(report.Findings);
    }
}
