using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Auth;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Api;

[Trait("Category", "services")]
public sealed class JobsTests
{
    [Fact]
    public async Task The_jobs_list_searches_filters_and_pages_newest_first()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await RunningConsole.CreateJobAsync(client, $"build #{i}", i % 2 == 0 ? "octo/app" : "octo/lib"));
            console.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var page1 = await client.GetFromJsonAsync<JsonElement>("/api/jobs?limit=3");
        var page3 = await client.GetFromJsonAsync<JsonElement>("/api/jobs?limit=3&offset=6");
        var lib = await client.GetFromJsonAsync<JsonElement>("/api/jobs?repo=octo/lib");
        var search = await client.GetFromJsonAsync<JsonElement>("/api/jobs?q=%234");

        Assert.Equal(7, page1.GetProperty("total").GetInt64());
        Assert.Equal([ids[6], ids[5], ids[4]], Ids(page1));
        Assert.Equal([ids[0]], Ids(page3));
        Assert.Equal([ids[5], ids[3], ids[1]], Ids(lib));
        Assert.Equal([ids[4]], Ids(search));
    }

    [Fact]
    public async Task Creating_a_job_without_a_name_is_refused_with_a_message()
    {
        await using var console = await RunningConsole.StartAsync();

        var response = await console.Client().PostAsJsonAsync("/api/jobs", new { repo = "octo/app" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"job\" is required", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Deleting_a_job_removes_its_row_and_its_file()
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));
        Assert.Single(console.StoredTraceFiles());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/jobs/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}/trace.jsonl.gz")).StatusCode);
        Assert.Empty(console.StoredTraceFiles());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_organisation_removes_its_jobs_files_and_tokens_only()
    {
        await using var console = await RunningConsole.StartAsync();
        var acmeToken = await console.CreateTokenAsync("acme", TokenRole.Admin);
        var acmeReader = await console.CreateTokenAsync("acme", TokenRole.Read);
        var acme = console.Client(acmeToken);
        var globex = console.Client(await console.CreateTokenAsync("globex", TokenRole.Admin));
        await console.UploadAsync(acme, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));
        await console.UploadAsync(acme, SampleTrace.Gzip(SampleTrace.Busy(20)));
        var kept = await console.UploadAsync(globex, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        Assert.Equal(HttpStatusCode.NoContent, (await acme.DeleteAsync("/api/orgs/acme")).StatusCode);

        Assert.False(Directory.Exists(Path.Combine(console.TracesDirectory, "acme")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.Client(acmeToken).GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.Client(acmeReader).GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await globex.GetAsync($"/api/jobs/{kept}/trace.jsonl.gz")).StatusCode);
        Assert.Single(console.StoredTraceFiles());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api()
    {
        await using var console = await RunningConsole.StartAsync();

        var document = await console.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/jobs", "/api/jobs/{id}", "/api/jobs/{id}/trace", "/api/jobs/{id}/trace.jsonl.gz", "/api/jobs/{id}/query", "/api/jobs/{id}/detections" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
        Assert.True(paths.GetProperty("/api/jobs/{id}").TryGetProperty("delete", out _));
    }

    private static IEnumerable<string?> Ids(JsonElement page) => page.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetString());
}
