using Ashiato.Web.Auth;
using Ashiato.Web.Profiles;
using Ashiato.Web.Storage;

namespace Ashiato.Web.Tests.Units;

[Trait("Category", "unit")]
public sealed class JobIdTests
{
    [Theory]
    [InlineData("0190f1b2c3d47e8f9a0b1c2d3e4f5a6b", true)]
    [InlineData("../../catalog.sqlite", false)]
    [InlineData("0190F1B2C3D47E8F9A0B1C2D3E4F5A6B", false)]
    [InlineData("0190f1b2c3d47e8f9a0b1c2d3e4f5a6", false)]
    [InlineData("0190f1b2c3d47e8f9a0b1c2d3e4f5a6/", false)]
    [InlineData("", false)]
    public void Only_32_lowercase_hex_digits_are_a_job_id(string text, bool valid) => Assert.Equal(valid, JobId.TryParse(text, out _));

    [Theory]
    [InlineData("acme", true)]
    [InlineData("team-2_x", true)]
    [InlineData("../etc", false)]
    [InlineData("Acme", false)]
    [InlineData("", false)]
    public void Organisation_names_are_safe_folder_names(string name, bool valid) => Assert.Equal(valid, OrgName.IsValid(name));
}

[Trait("Category", "unit")]
public sealed class TokenSecretTests
{
    [Fact]
    public void A_generated_token_parses_back_and_matches_only_its_own_hash()
    {
        var token = TokenSecret.Generate();
        var other = TokenSecret.Generate();

        var parsed = TokenSecret.Parse(token.ToString());

        Assert.Equal(token, parsed);
        Assert.StartsWith("ash_", token.ToString());
        Assert.True(parsed.Matches(token.Hash()));
        Assert.False(parsed.Matches(other.Hash()));
    }

    [Fact]
    public void A_token_of_any_other_shape_is_a_secret_under_the_external_id()
    {
        var parsed = TokenSecret.Parse("my-own-admin-token-from-the-environment");

        Assert.Equal(TokenSecret.ExternalId, parsed.Id);
        Assert.Equal("my-own-admin-token-from-the-environment", parsed.ToString());
    }
}

[Trait("Category", "unit")]
public sealed class SensitivePathsTests
{
    [Theory]
    [InlineData("/proc/1234/mem", "another process's memory")]
    [InlineData("/proc/1234/maps", "another process's memory")]
    [InlineData("/proc/1234/environ", "another process's environment")]
    [InlineData("/proc/self/maps", null)]
    [InlineData("/proc/1234/status", null)]
    [InlineData("/home/runner/.netrc", "a .netrc password file")]
    [InlineData("/root/.docker/config.json", "Docker's registry credentials")]
    [InlineData("/home/dev/.ssh/id_ed25519", "an SSH private key")]
    [InlineData("/home/dev/.ssh/id_ed25519.pub", null)]
    [InlineData("/home/dev/.ssh/known_hosts", null)]
    [InlineData("/etc/shadow", "the system's password hashes")]
    [InlineData("/etc/cron.d/job", "a cron schedule")]
    [InlineData("/home/runner/actions-runner/.credentials", "the runner's credentials")]
    [InlineData("/home/runner/work/app/package.json", null)]
    public void Credentials_keys_and_other_processes_memory_are_sensitive(string path, string? reason) =>
        Assert.Equal(reason, SensitivePaths.Classify(path));
}

public sealed class JobStepProfileTests
{
    private static JobProfile Profile(params string[] lines)
    {
        var builder = new ProfileBuilder();
        foreach (var line in lines)
        {
            builder.Add(System.Text.Encoding.UTF8.GetBytes(line));
        }
        return builder.Build();
    }

    [Theory]
    [InlineData("5202-1796316412135:4", "5202-1796316412135", 4)]
    [InlineData("a:b:0", "a:b", 0)]
    public void A_step_key_is_the_job_id_and_the_number_after_the_last_colon(string text, string jobId, int step)
    {
        Assert.True(StepKey.TryParse(text, out var key));
        Assert.Equal(new StepKey(jobId, step), key);
        Assert.Equal(text, key.ToString());
    }

    [Theory]
    [InlineData("5202")]
    [InlineData(":4")]
    [InlineData("5202:-1")]
    [InlineData("5202:four")]
    [InlineData(null)]
    public void Anything_else_is_no_step_key(string? text) => Assert.False(StepKey.TryParse(text, out _));

    [Fact]
    public void The_housekeeping_of_step_0_makes_one_step_and_a_step_record_is_no_process()
    {
        var profile = Profile(
            """{"type":"step","timestamp":"2026-11-20T10:00:01.000000Z","job_id":"j","step":0,"kind":"runner","pid":11}""",
            """{"type":"process_exec","timestamp":"2026-11-20T10:00:01.000000Z","pid":11,"ppid":10,"comm":"tar","job_id":"j","step":0,"filename":"/usr/bin/tar","args":["tar"]}""",
            """{"type":"step_end","timestamp":"2026-11-20T10:00:02.000000Z","job_id":"j","step":0,"exit_code":2}""",
            """{"type":"step","timestamp":"2026-11-20T10:00:03.000000Z","job_id":"j","step":0,"kind":"runner","pid":12}""",
            """{"type":"process_exec","timestamp":"2026-11-20T10:00:03.000000Z","pid":12,"ppid":10,"comm":"chmod","job_id":"j","step":0,"filename":"/usr/bin/chmod","args":["chmod"]}""",
            """{"type":"step_end","timestamp":"2026-11-20T10:00:04.000000Z","job_id":"j","step":0,"exit_code":0}""");

        var step = Assert.Single(profile.Steps);
        Assert.Equal(("runner", (int?)null, 2, 2), (step.Kind, step.Pid, step.Starts, step.ExitCode));
        Assert.Equal((new DateTimeOffset(2026, 11, 20, 10, 0, 1, TimeSpan.Zero), new DateTimeOffset(2026, 11, 20, 10, 0, 4, TimeSpan.Zero)), (step.Started, step.Ended));
        Assert.Equal([11, 12], step.Processes.Order());
        Assert.Equal(["process_exec"], profile.Processes[11].Counts.Keys);
    }
}
