using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Ashiato.Events;
using Ashiato.Web.Storage;

namespace Ashiato.Web.Client;

/// <summary>
/// Talks to a console's API on behalf of <c>ashiato upload</c> and <c>ashiato trace --upload</c>. Every failure
/// becomes a <see cref="UserFacingException"/> carrying the server's own message.
/// </summary>
public sealed class ConsoleClient(HttpClient http)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static HttpClient CreateHttpClient(string server, string token)
    {
        // A trailing slash keeps a console served under a path prefix: "api/jobs" then resolves below it.
        if (!Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UserFacingException($"'{server}' is not a server URL: use http://host:port");
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new UserFacingException("a token is required: pass --token-file FILE or set ASHIATO_TOKEN_FILE (or ASHIATO_TOKEN)");
        }
        var client = new HttpClient { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> CreateJobAsync(JobMetadata metadata, CancellationToken ct)
    {
        var body = new { job = metadata.Job, repo = metadata.Repo, workflow = metadata.Workflow, run_id = metadata.RunId, sha = metadata.Sha };
        using var response = await SendAsync(() => http.PostAsJsonAsync("api/jobs", body, JsonOptions, ct), "create the job");
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return created.GetProperty("id").GetString() ?? throw new UserFacingException("the server did not return a job id");
    }

    /// <summary>Uploads a gzip trace; returns the number of events the server stored.</summary>
    public async Task<long> UploadTraceAsync(string jobId, Stream gzip, CancellationToken ct)
    {
        var content = new StreamContent(gzip, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        if (gzip.CanSeek)
        {
            content.Headers.ContentLength = gzip.Length - gzip.Position;
        }
        using var response = await SendAsync(() => http.PutAsync($"api/jobs/{Uri.EscapeDataString(jobId)}/trace", content, ct), "upload the trace");
        var job = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return job.TryGetProperty("events", out var events) && events.TryGetInt64(out var n) ? n : 0;
    }

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send, string what)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException or IOException || e.HttpRequestError != HttpRequestError.Unknown)
        {
            throw new UserFacingException($"cannot reach {http.BaseAddress}: {e.Message}", e);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var message = await ErrorMessageAsync(response);
            throw new UserFacingException($"could not {what}: {message} (HTTP {(int)response.StatusCode})");
        }
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.GetProperty("error").GetString() ?? text;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return response.StatusCode switch
            {
                System.Net.HttpStatusCode.Unauthorized => "the token was not accepted",
                System.Net.HttpStatusCode.Forbidden => "the token's role does not allow this",
                _ => string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase ?? "no details" : text.Trim(),
            };
        }
    }
}
