using Ashiato.Analysis.Rules;
using Ashiato.Events;

namespace Ashiato.Analysis.Tests.Units;

[Trait("Category", "unit")]
public sealed class RuleFileParserTests
{
    [Fact]
    public void Header_values_may_continue_on_indented_comment_lines()
    {
        var rule = RuleFileParser.Parse("""
            -- id: my-rule
            -- title: Mine
            -- severity: High
            -- description: First line,
            --   second line.
            -- technique: T1105
            -- remediation: Fix it.
            SELECT data FROM events
            """, "mine.sql");

        Assert.Equal(("my-rule", Severity.High, "First line, second line.", "SELECT data FROM events"), (rule.Id, rule.Severity, rule.Description, rule.Sql));
    }

    [Fact]
    public void An_unknown_severity_is_a_user_error_naming_the_file()
    {
        var error = Assert.Throws<UserFacingException>(() => RuleFileParser.Parse(
            "-- id: x\n-- title: x\n-- severity: critical\n-- description: x\n-- technique: x\n-- remediation: x\nSELECT 1", "x.sql"));

        Assert.Equal("x.sql:3: severity 'critical' is not low, medium or high", error.Message);
    }

    [Fact]
    public void Every_built_in_rule_has_a_full_header_and_a_mitre_technique()
    {
        var pack = RulePack.BuiltIn();

        Assert.Equal(
            ["cloud-metadata", "credential-file-access", "dns-exfiltration", "download-and-execute", "env-injection", "exfiltration-upload",
                "install-egress", "privilege-escalation", "runner-memory-read", "tampering", "trace-ended-abnormally", "written-then-executed"],
            pack.Rules.Select(r => r.Id));
        Assert.All(pack.Rules, r => Assert.Matches(@"^T\d{4}(\.\d{3})?$", r.Technique));
        Assert.Contains("registry.npmjs.org", pack.EgressAllowList);
        Assert.Contains("hooks.slack.com", pack.WebhookHosts);
        Assert.NotNull(pack.Catalog.Find("ssh-private-key"));
    }
}
