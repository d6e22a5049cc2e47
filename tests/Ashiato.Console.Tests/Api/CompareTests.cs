using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Auth;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Api;

[Trait("Category", "services")]
public sealed class CompareTests
{
    [Fact]
    public async Task Comparing_with_a_normal_run_shows_only_what_is_new()
    {
        await using var console = await RunningConsole.StartAsync(RulePackBackends.All());
        var client = console.Client();
        var normal = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.NormalRun()), "app build #11");
        var current = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.Demo()), "app build #12");

        var diff = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{current}/compare?baseline={normal}");

        var sections = diff.GetProperty("sections").EnumerateArray()
            .ToDictionary(s => s.GetProperty("title").GetString()!, s => s.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("example").GetString()).ToList());
        Assert.Contains("github.com", sections["Hosts"]);
        Assert.DoesNotContain("registry.example.org", sections["Hosts"]);
        Assert.Contains(sections["Sensitive reads"], p => p!.EndsWith("/.netrc", StringComparison.Ordinal));
        Assert.Contains(sections["Executables"], e => e!.Contains("node", StringComparison.Ordinal));
        Assert.Equal([normal], diff.GetProperty("baselines").EnumerateArray().Select(b => b.GetString()));
    }

    [Fact]
    public async Task A_run_compared_with_itself_has_nothing_new()
    {
        await using var console = await RunningConsole.StartAsync(RulePackBackends.All());
        var client = console.Client();
        var body = SampleTrace.Gzip(SampleTrace.Demo());
        var first = await console.UploadAsync(client, body);
        var second = await console.UploadAsync(client, body);

        var diff = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{second}/compare?baseline={first}");

        Assert.All(diff.GetProperty("sections").EnumerateArray(), s => Assert.Equal(0, s.GetProperty("items").GetArrayLength()));
    }

    [Fact]
    public async Task Baselines_must_be_given_and_belong_to_the_same_organisation()
    {
        await using var console = await RunningConsole.StartAsync(RulePackBackends.All());
        var acme = console.Client(await console.CreateTokenAsync("acme", TokenRole.Admin));
        var globex = console.Client(await console.CreateTokenAsync("globex", TokenRole.Admin));
        var mine = await console.UploadAsync(acme, SampleTrace.Gzip(SampleTrace.Demo()));
        var theirs = await console.UploadAsync(globex, SampleTrace.Gzip(SampleTrace.NormalRun()));

        var none = await acme.GetAsync($"/api/jobs/{mine}/compare");
        var foreign = await acme.GetAsync($"/api/jobs/{mine}/compare?baseline={theirs}");

        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal($"no such baseline job: {theirs}", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
