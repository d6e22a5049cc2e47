using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Auth;
using Ashiato.Web.Backends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ashiato.Web.Tests.Support;

/// <summary>A real console on a loopback port with its own data directory and a clock the test moves.</summary>
public sealed class RunningConsole : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789abcdef";

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly List<HttpClient> _clients = [];

    private RunningConsole(ConsoleServer server, string dataDirectory, FakeTimeProvider time)
    {
        Server = server;
        DataDirectory = dataDirectory;
        Time = time;
        BaseUrl = new Uri(server.Urls[0]);
    }

    public ConsoleServer Server { get; }

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; }

    public Uri BaseUrl { get; }

    public static async Task<RunningConsole> StartAsync(
        ConsoleBackends? backends = null, long maxUploadBytes = 64L << 20, string? dataDirectory = null, string? adminToken = AdminToken,
        Func<ConsoleOptions, ConsoleOptions>? configure = null, DateTimeOffset? now = null)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("ashiato-console-").FullName;
        var time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var options = new ConsoleOptions
        {
            DataDirectory = dataDirectory,
            Urls = ["http://127.0.0.1:0"],
            MaxUploadBytes = maxUploadBytes,
            AdminToken = adminToken,
        };
        options = configure?.Invoke(options) ?? options;
        var server = await ConsoleHost.StartAsync(options, backends ?? new ConsoleBackends(), time);
        return new RunningConsole(server, dataDirectory, time);
    }

    public HttpClient Client(string? token = AdminToken)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        _clients.Add(client);
        return client;
    }

    public Task<string> CreateTokenAsync(string org, TokenRole role) =>
        Server.Services.GetRequiredService<TokenIssuer>().CreateAsync(org, role, "test", CancellationToken.None);

    /// <summary>Creates a job and uploads <paramref name="gzip"/>; fails the test unless both succeed.</summary>
    public async Task<string> UploadAsync(HttpClient client, byte[] gzip, string job = "app build #1", string? repo = "octo/app")
    {
        var id = await CreateJobAsync(client, job, repo);
        var response = await PutTraceAsync(client, id, gzip);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return id;
    }

    /// <summary>Uploads, then waits for the server's follow-up (page data, detection count) on that job to finish.</summary>
    public async Task<string> UploadAndSettleAsync(HttpClient client, byte[] gzip, string job = "app build #1", string? repo = "octo/app")
    {
        var followUp = Server.Services.GetRequiredService<Ingest.AfterUpload>();
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnDone(Storage.JobKey key) => done.TrySetResult(key.Id.Value);
        followUp.Done += OnDone;
        try
        {
            var id = await UploadAsync(client, gzip, job, repo);
            while (await done.Task.WaitAsync(TimeSpan.FromMinutes(2)) != id)
            {
                done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return id;
        }
        finally
        {
            followUp.Done -= OnDone;
        }
    }

    public static async Task<string> CreateJobAsync(HttpClient client, string job = "app build #1", string? repo = "octo/app", string? workflow = "ci")
    {
        var response = await client.PostAsJsonAsync("/api/jobs", new { job, repo, workflow, run_id = "12", sha = "abc123" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static Task<HttpResponseMessage> PutTraceAsync(HttpClient client, string id, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return client.PutAsync($"/api/jobs/{id}/trace", content);
    }

    /// <summary>
    /// Posts one of the pages' forms (<c>/signin</c>, <c>/signout</c>) as a browser would: from the page that shows it,
    /// with that page's antiforgery field.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string action, string? token = null)
    {
        KeyValuePair<string, string>[] fields = token is null ? [] : [new("token", token)];
        var page = await (await browser.GetAsync("/")).Content.ReadAsStringAsync(); // 401 with the sign-in form, or the app
        var csrf = System.Text.RegularExpressions.Regex.Match(page, "name=\"csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(csrf);
        return await browser.PostAsync(action, new FormUrlEncodedContent([.. fields, new("csrf", System.Net.WebUtility.HtmlDecode(csrf))]));
    }

    /// <summary>Polls the server's own answer until the job reaches <paramref name="state"/>; false after 60 s.</summary>
    public static async Task<bool> WaitForStateAsync(HttpClient client, string id, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if ((await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("state").GetString() == state)
            {
                return true;
            }
            await Task.Delay(25);
        }
        return false;
    }

    public string TracesDirectory => Path.Combine(DataDirectory, "traces");

    public IEnumerable<string> StoredTraceFiles() =>
        Directory.Exists(TracesDirectory) ? Directory.EnumerateFiles(TracesDirectory, "*", SearchOption.AllDirectories) : [];

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await Server.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
