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
    [InlineData("/home/runner/.netrc", "credential file")]
    [InlineData("/root/.docker/config.json", "credential file")]
    [InlineData("/home/dev/.ssh/id_ed25519", "SSH key or configuration")]
    [InlineData("/etc/shadow", "system secret")]
    [InlineData("/home/runner/work/app/package.json", null)]
    public void Credentials_keys_and_other_processes_memory_are_sensitive(string path, string? reason) =>
        Assert.Equal(reason, SensitivePaths.Classify(path));
}
