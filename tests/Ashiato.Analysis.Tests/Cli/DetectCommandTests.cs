using System.Text.Json;
using System.Text.Json.Nodes;
using Ashiato.Analysis.Tests.Support;

namespace Ashiato.Analysis.Tests.Cli;

/// <summary><c>ashiato detect</c> as a user runs it, on the real traces.</summary>
[Collection(ScenarioCollection.Name)]
[Trait("Category", "kernel")]
public sealed class DetectCommandTests(Scenarios scenarios)
{
    [Fact]
    public async Task Sarif_output_passes_the_official_schema_with_rule_metadata_and_levels()
    {
        var result = await Tracing.CliAsync("detect", scenarios.MaliciousInstall.Path, "--format", "sarif");

        Assert.Equal(0, result.ExitCode);
        Assert.Null(SarifSchema.Problems(result.Stdout));
        using var sarif = JsonDocument.Parse(result.Stdout);
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(
            ["cloud-metadata", "credential-file-access", "dns-exfiltration", "download-and-execute", "env-injection", "exfiltration-upload",
                "install-egress", "privilege-escalation", "runner-memory-read", "tampering", "trace-ended-abnormally", "written-then-executed"],
            rules.Select(r => r.GetProperty("id").GetString()).Order());
        Assert.All(rules, r => Assert.Contains("Remediation:", r.GetProperty("help").GetProperty("text").GetString()));
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "credential-file-access" && r.GetProperty("level").GetString() == "error");
        Assert.All(results, r => Assert.Equal(rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString(), r.GetProperty("ruleId").GetString()));
        // The credential read's incident (the install script's) is shown as the related locations of its upload.
        var upload = results.First(r => r.GetProperty("ruleId").GetString() == "exfiltration-upload");
        var related = upload.GetProperty("relatedLocations").EnumerateArray().Select(l => l.GetProperty("message").GetProperty("text").GetString()).ToList();
        Assert.Contains(related, text => text!.Contains("credential read: cat read a .netrc password file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_schema_check_rejects_sarif_that_breaks_it()
    {
        var result = await Tracing.CliAsync("detect", scenarios.MaliciousInstall.Path, "--format", "sarif");
        var broken = JsonNode.Parse(result.Stdout)!;
        broken["runs"]![0]!["results"]![0]!["level"] = "critical";

        Assert.NotNull(SarifSchema.Problems(broken.ToJsonString()));
    }

    [Fact]
    public async Task Json_output_and_fail_on_high_exit_1_for_the_malicious_install()
    {
        var result = await Tracing.CliAsync("detect", scenarios.MaliciousInstall.Path, "--format", "json", "--fail-on", "high");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(
            ["credential-file-access", "download-and-execute", "exfiltration-upload", "install-egress", "tampering", "written-then-executed"],
            findings.Select(f => f.GetProperty("rule").GetString()).Distinct().Order());
        var netrc = findings.Single(f => f.GetProperty("rule").GetString() == "credential-file-access");
        Assert.Equal("high", netrc.GetProperty("severity").GetString());
        Assert.Equal("T1552.001", netrc.GetProperty("technique").GetString());
        Assert.Contains(".netrc", netrc.GetProperty("description").GetString());
        Assert.False(string.IsNullOrWhiteSpace(netrc.GetProperty("remediation").GetString()));
        Assert.Equal("cat", netrc.GetProperty("ancestry").EnumerateArray().Last().GetProperty("program").GetString());
        Assert.EndsWith("/home/.netrc", netrc.GetProperty("evidence")[0].GetProperty("path").GetString());
        // Everything the install script did is one incident: its timeline runs from the credential read to the upload.
        var incident = json.RootElement.GetProperty("incidents")[0];
        Assert.Equal(netrc.GetProperty("incident").GetInt32(), incident.GetProperty("incident").GetInt32());
        Assert.Equal("high", incident.GetProperty("severity").GetString());
        var phases = incident.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("phase").GetString()).ToList();
        Assert.Contains("credential read", phases);
        Assert.Contains("upload", phases);
        Assert.True(phases.IndexOf("credential read") < phases.LastIndexOf("upload"), string.Join(", ", phases));
        Assert.Equal(findings.Count(f => f.GetProperty("incident").GetInt32() == 1), incident.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task A_clean_trace_exits_0_even_with_fail_on_low()
    {
        var result = await Tracing.CliAsync("detect", scenarios.BenignInstall.Path, "--fail-on", "low");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("No findings: 12 rules ran over", result.Stdout);
    }

    [Fact]
    public async Task Text_output_groups_by_severity_and_shows_ancestry_without_colours_when_piped()
    {
        var result = await Tracing.CliAsync("detect", scenarios.RunnerAttack.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("\u001b[", result.Stdout);
        var high = result.Stdout.IndexOf("HIGH (2)", StringComparison.Ordinal);
        var medium = result.Stdout.IndexOf("MEDIUM (2)", StringComparison.Ordinal);
        Assert.True(high >= 0 && medium > high, result.Stdout);
        Assert.Contains("Runner process memory read [runner-memory-read, ATT&CK T1003.007]", result.Stdout);
        Assert.Contains("ancestry:", result.Stdout);
        Assert.Contains("5 findings (2 high, 2 medium, 1 low)", result.Stdout);
    }

    [Fact]
    public async Task A_teams_own_rule_from_rules_dir_runs_with_the_built_in_ones()
    {
        var rules = scenarios.NewFolder("rules");
        await File.WriteAllTextAsync(Path.Combine(rules, "git-credential-helper.sql"), """
            -- id: git-credential-helper
            -- title: git credential helper used
            -- severity: low
            -- description: Our policy: no stored git credentials on runners.
            -- technique: T1552.001
            -- remediation: Use the job token instead.
            SELECT data, exec_id FROM acts
            WHERE type = 'process_exec' AND json_extract_string(data, '$.args[1]') = 'credential-store'
            """);

        var result = await Tracing.CliAsync("detect", scenarios.BenignInstall.Path, "--rules", rules, "--format", "json", "--fail-on", "low");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("git-credential-helper", finding.GetProperty("rule").GetString());
        Assert.Equal("low", finding.GetProperty("severity").GetString());
        Assert.Contains("git-credential-helper", json.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_rule_without_a_full_header_is_one_clear_error()
    {
        var rules = scenarios.NewFolder("bad-rules");
        var file = Path.Combine(rules, "half.sql");
        await File.WriteAllTextAsync(file, "-- id: half\n-- title: Half a header\nSELECT data FROM events\n");

        var result = await Tracing.CliAsync("detect", scenarios.BenignInstall.Path, "--rules", rules);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"ashiato: {file}:1: rule header lacks severity, description, technique, remediation (each as a '-- key: value' line)", result.Stderr.Trim());
    }

    [Fact]
    public async Task A_rule_with_broken_sql_names_the_rule_its_line_and_duckdbs_message()
    {
        var rules = scenarios.NewFolder("broken-sql");
        await File.WriteAllTextAsync(Path.Combine(rules, "broken.sql"), """
            -- id: broken
            -- title: Broken
            -- severity: low
            -- description: x
            -- technique: T0000
            -- remediation: x
            SELECT data FROM no_such_table
            """);

        var result = await Tracing.CliAsync("detect", scenarios.BenignInstall.Path, "--rules", rules);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"ashiato: rule broken ({Path.Combine(rules, "broken.sql")}:7): Catalog Error: Table with name no_such_table does not exist", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task A_bad_catalog_or_host_list_in_the_rules_folder_is_one_error_naming_its_file_and_line()
    {
        var rules = scenarios.NewFolder("bad-data");
        var catalog = Path.Combine(rules, "sensitive-paths.txt");
        await File.WriteAllTextAsync(catalog, "# ours\n[deploy-key]\ncategory = credential\ntitle = the deploy key\npaths = deploy/key\n");

        var result = await Tracing.CliAsync("detect", scenarios.BenignInstall.Path, "--rules", rules);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"ashiato: {catalog}:5: the glob 'deploy/key' must start with /, **/ or {{runner}}/", result.Stderr.Trim());

        File.Delete(catalog);
        var hosts = Path.Combine(rules, "webhook-hosts.txt");
        await File.WriteAllTextAsync(hosts, "hooks.example.org\nhttps://bad.example.org/x\n");
        result = await Tracing.CliAsync("detect", scenarios.BenignInstall.Path, "--rules", rules);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"ashiato: {hosts}:2: 'https://bad.example.org/x' is not a host name, an address or *.domain", result.Stderr.Trim());
    }

    [Fact]
    public async Task A_missing_trace_is_one_clear_error()
    {
        var result = await Tracing.CliAsync("detect", "/nonexistent/trace.jsonl.gz");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("ashiato: /nonexistent/trace.jsonl.gz: no such trace file", result.Stderr.Trim());
    }
}
