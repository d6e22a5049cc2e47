using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Auth;
using Ashiato.Web.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ashiato.Web.Tests.Api;

[Trait("Category", "services")]
public sealed class AuthTests
{
    [Fact]
    public async Task Everything_but_healthz_answers_401_without_a_valid_token()
    {
        await using var console = await RunningConsole.StartAsync();
        var anonymous = console.Client(token: null);
        var wrong = console.Client("ash_0123456789ab_not-the-secret");

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        foreach (var path in new[] { "/api/jobs", "/openapi/v1.json", "/assets/app.js", "/api/jobs/0123456789abcdef0123456789abcdef/trace.jsonl.gz" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(path)).StatusCode);
        }
        var page = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("name=\"token\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/jobs", new { job = "x" })).StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Pages_cannot_be_framed_or_load_scripts_from_elsewhere_and_the_data_stays_private()
    {
        var fresh = Path.Combine(Path.GetTempPath(), $"ashiato-private-{Guid.NewGuid():N}");
        await using var console = await RunningConsole.StartAsync(dataDirectory: fresh);

        var page = await console.Client(token: null).GetAsync("/");

        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(console.DataDirectory) & (UnixFileMode)0x1ff);
    }

    [Fact]
    public async Task An_ingest_token_can_only_upload()
    {
        await using var console = await RunningConsole.StartAsync();
        var ingest = console.Client(await console.CreateTokenAsync("default", TokenRole.Ingest));

        var id = await console.UploadAsync(ingest, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));

        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync($"/api/jobs/{id}/trace.jsonl.gz")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.DeleteAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await console.Client().GetAsync($"/api/jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_read_token_cannot_upload_or_delete()
    {
        await using var console = await RunningConsole.StartAsync();
        var id = await console.UploadAsync(console.Client(), SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));
        var read = console.Client(await console.CreateTokenAsync("default", TokenRole.Read));

        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await read.PostAsJsonAsync("/api/jobs", new { job = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await read.DeleteAsync($"/api/jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task Two_organisations_never_see_each_others_jobs()
    {
        await using var console = await RunningConsole.StartAsync();
        var acme = console.Client(await console.CreateTokenAsync("acme", TokenRole.Admin));
        var globex = console.Client(await console.CreateTokenAsync("globex", TokenRole.Admin));
        var acmeJob = await console.UploadAsync(acme, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()), "acme build");
        var globexJob = await console.UploadAsync(globex, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()), "globex build");

        var acmeList = await acme.GetFromJsonAsync<JsonElement>("/api/jobs");
        Assert.Equal([acmeJob], acmeList.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        foreach (var path in new[] { "", "/trace.jsonl.gz", "/summary", "/files", "/processes" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync($"/api/jobs/{acmeJob}{path}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await RunningConsole.PutTraceAsync(globex, acmeJob, [1, 2])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.DeleteAsync($"/api/jobs/{acmeJob}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.DeleteAsync("/api/orgs/acme")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync($"/api/jobs/{acmeJob}/trace.jsonl.gz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await globex.GetAsync($"/api/jobs/{globexJob}")).StatusCode);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes()
    {
        await using var console = await RunningConsole.StartAsync();
        var token = await console.CreateTokenAsync("acme", TokenRole.Read);

        using var connection = new SqliteConnection($"Data Source={Path.Combine(console.DataDirectory, "catalog.sqlite")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, secret_sha256 FROM tokens";
        using var reader = command.ExecuteReader();
        var stored = new List<string>();
        while (reader.Read())
        {
            stored.Add(reader.GetString(0) + Convert.ToBase64String((byte[])reader[1]));
        }
        Assert.Equal(2, stored.Count);
        Assert.DoesNotContain(stored, s => s.Contains(TokenSecret.Parse(token).Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(stored, s => s.Contains(RunningConsole.AdminToken, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await console.Client(token).GetAsync("/api/jobs")).StatusCode);
    }

    [Fact]
    public async Task Without_ASHIATO_ADMIN_TOKEN_the_first_start_generates_one_and_later_starts_do_not()
    {
        var data = Directory.CreateTempSubdirectory("ashiato-console-").FullName;
        string generated;
        await using (var first = await ConsoleHost.StartAsync(Options(data), new(), TimeProvider.System))
        {
            generated = Assert.IsType<string>(first.GeneratedAdminToken);
        }
        await using var second = await ConsoleHost.StartAsync(Options(data), new(), TimeProvider.System);
        Assert.Null(second.GeneratedAdminToken);
        using var client = new HttpClient { BaseAddress = new Uri(second.Urls[0]) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", generated);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/jobs", new { job = "x" })).StatusCode);
        Directory.Delete(data, recursive: true);

        static ConsoleOptions Options(string data) => new() { DataDirectory = data, Urls = ["http://127.0.0.1:0"] };
    }

    [Fact]
    public async Task Signing_in_with_a_token_gives_a_session_that_opens_pages_and_the_api()
    {
        await using var console = await RunningConsole.StartAsync();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = console.BaseUrl };

        var refused = await RunningConsole.PostFormAsync(browser, "/signin", "nope-nope-nope-nope");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("not valid", await refused.Content.ReadAsStringAsync());

        var accepted = await RunningConsole.PostFormAsync(browser, "/signin", RunningConsole.AdminToken);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/jobs")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await RunningConsole.PostFormAsync(browser, "/signout")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/jobs")).StatusCode);
    }
}
