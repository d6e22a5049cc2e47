using System.Text.Json;
using Ashiato.Analysis.Diff;
using Ashiato.Analysis.Tests.Support;

namespace Ashiato.Analysis.Tests.Diff;

[Collection(ScenarioCollection.Name)]
[Trait("Category", "kernel")]
public sealed class BaselineDiffTests(Scenarios scenarios)
{
    private static string Describe(DiffReport report) =>
        string.Join("\n", report.New.SelectMany(n => n.Items.Select(i => $"{n.Category}: {i.Key} [{i.Example}]")));

    [Fact]
    public async Task Two_runs_of_the_same_install_in_different_temp_folders_diff_clean()
    {
        var first = scenarios.BenignInstall;
        var second = scenarios.BenignInstallAgain;
        // The runs really differ in their temporary paths.
        Assert.NotEqual(first.WorkDirectory, second.WorkDirectory);
        Assert.Contains(first.OfType("file_open"), e => e.Str("path")!.StartsWith(first.WorkDirectory, StringComparison.Ordinal));
        Assert.Contains(second.OfType("file_open"), e => e.Str("path")!.StartsWith(second.WorkDirectory, StringComparison.Ordinal));

        var report = await BaselineDiff.ComputeAsync([first.Path], second.Path);

        Assert.False(report.HasNew, Describe(report));
    }

    [Fact]
    public async Task The_malicious_install_shows_the_new_host_executables_file_read_and_port()
    {
        var report = await BaselineDiff.ComputeAsync([scenarios.BenignInstall.Path, scenarios.BenignInstallAgain.Path], scenarios.MaliciousInstall.Path);

        IEnumerable<string> Keys(DiffCategory category) => report.New.SingleOrDefault(n => n.Category == category)?.Items.Select(i => i.Key) ?? [];
        Assert.Contains(Scenarios.ExfilHost, Keys(DiffCategory.Hosts));
        Assert.Contains("/usr/bin/curl", Keys(DiffCategory.Executables));
        Assert.Contains("/usr/bin/base64", Keys(DiffCategory.Executables));
        Assert.Contains("/tmp/<tmp>/payload.sh", Keys(DiffCategory.Executables));
        Assert.Equal(["/tmp/<tmp>/home/.netrc"], Keys(DiffCategory.SensitiveReads));
        Assert.Contains("tcp/ephemeral", Keys(DiffCategory.OutboundPorts));
        var netrc = report.New.Single(n => n.Category == DiffCategory.SensitiveReads).Items[0];
        Assert.Equal("cat", netrc.Comm);
        Assert.StartsWith(scenarios.MaliciousInstall.WorkDirectory, netrc.Example);
    }

    [Fact]
    public async Task Diff_cli_with_fail_on_new_exits_1_and_lists_what_is_new_as_json()
    {
        var result = await Tracing.CliAsync("diff", "--baseline", scenarios.BenignInstall.Path, "--baseline", scenarios.BenignInstallAgain.Path,
            scenarios.MaliciousInstall.Path, "--format", "json", "--fail-on-new");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var hosts = json.RootElement.GetProperty("new").GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("key").GetString());
        Assert.Contains(Scenarios.ExfilHost, hosts);
        Assert.Equal(2, json.RootElement.GetProperty("baselines").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("new_count").GetInt32() >= 5);
    }

    [Fact]
    public async Task Diff_cli_of_the_same_build_says_nothing_is_new_and_exits_0()
    {
        var result = await Tracing.CliAsync("diff", "--baseline", scenarios.BenignInstall.Path, scenarios.BenignInstallAgain.Path, "--fail-on-new");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("No new behaviour:", result.Stdout);
    }

    [Fact]
    public async Task Diff_cli_without_a_baseline_is_one_clear_error()
    {
        var result = await Tracing.CliAsync("diff", scenarios.BenignInstall.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--baseline", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
