using System.Net;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Cli;

/// <summary><c>ashiato token list|revoke|rotate</c>: the first start's admin token is not valid forever.</summary>
[Trait("Category", "services")]
public sealed class TokenCommandTests
{
    [Fact]
    public async Task The_first_admin_token_can_be_listed_rotated_and_revoked()
    {
        await using var console = await RunningConsole.StartAsync();

        var (listed, list, _) = await AshiatoProcess.RunAsync("token", "list", "--data", console.DataDirectory);
        var (rotated, replacement, rotateErrors) = await AshiatoProcess.RunAsync("token", "rotate", "--data", console.DataDirectory, "external");
        var newToken = replacement.Trim();
        var newId = newToken["ash_".Length..newToken.IndexOf('_', "ash_".Length)];
        var oldAnswer = await console.Client().GetAsync("/api/jobs");
        var newAnswer = await console.Client(newToken).GetAsync("/api/jobs");
        var (revoked, _, _) = await AshiatoProcess.RunAsync("token", "revoke", "--data", console.DataDirectory, newId);
        var (missing, _, missingError) = await AshiatoProcess.RunAsync("token", "revoke", "--data", console.DataDirectory, newId);

        Assert.Equal(0, listed);
        Assert.Contains("external\tdefault\tadmin", list);
        Assert.DoesNotContain(RunningConsole.AdminToken, list);
        Assert.True(rotated == 0, rotateErrors);
        Assert.Equal(HttpStatusCode.Unauthorized, oldAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newAnswer.StatusCode);
        Assert.Equal(0, revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.Client(newToken).GetAsync("/api/jobs")).StatusCode);
        Assert.NotEqual(0, missing);
        Assert.Contains($"no token has the id '{newId}'", missingError);
    }
}
