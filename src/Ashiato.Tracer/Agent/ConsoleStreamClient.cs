using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Events;

namespace Ashiato.Tracer.Agent;

/// <summary>How the console answered a request of the agent.</summary>
public enum SendOutcome
{
    /// <summary>Done (a repeated chunk counts: the console already has it).</summary>
    Accepted,

    /// <summary>The console refused this for good (a refused chunk, an unknown job): retrying changes nothing.</summary>
    Refused,

    /// <summary>The token was not accepted: retried, since an operator can fix it without losing the spool.</summary>
    Unauthorized,

    /// <summary>Unreachable, 5xx, or no answer in time: retried with backoff.</summary>
    Unavailable,
}

/// <summary>The console's stream API (<c>POST /api/streams</c>, <c>PUT /api/jobs/{id}/chunks/{seq}</c>, heartbeats).</summary>
public sealed class ConsoleStreamClient(HttpClient http)
{
    /// <summary>A console that does not answer within this is treated as down (the chunk stays spooled).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static HttpClient CreateHttpClient(string server, string token)
    {
        if (!Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UserFacingException($"'{server}' is not a server URL: use http://host:port");
        }
        var client = new HttpClient { BaseAddress = baseUrl, Timeout = RequestTimeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Reads the token from its file: never from argv or the environment children inherit.</summary>
    public static string ReadToken(string? path)
    {
        if (path is null)
        {
            throw new UserFacingException("--server needs --token-file FILE (or ASHIATO_TOKEN_FILE): the console's ingest token");
        }
        try
        {
            var token = File.ReadAllText(path).Trim();
            return token.Length > 0 ? token : throw new UserFacingException($"the token file {path} is empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read the token file {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Asks the console whether it takes the token (a stream request without a key: 400 when the token is good). A
    /// wrong token fails the start with a clear message; an unreachable console does not (chunks wait in the spool).
    /// </summary>
    public async Task<SendOutcome> CheckTokenAsync(CancellationToken ct)
    {
        var (outcome, _) = await SendAsync(() => http.PostAsJsonAsync("api/streams", new { }, Json, ct));
        return outcome == SendOutcome.Refused ? SendOutcome.Accepted : outcome;
    }

    /// <summary>Opens (or finds again) the console job of a stream; its id, or null with why not.</summary>
    public async Task<(SendOutcome Outcome, string? JobId)> OpenAsync(string streamKey, string host, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var (outcome, body) = await SendAsync(() => http.PostAsJsonAsync("api/streams", new { stream = streamKey, host, labels }, Json, ct));
        return outcome == SendOutcome.Accepted && body?.TryGetProperty("id", out var id) == true ? (outcome, id.GetString()) : (outcome, null);
    }

    public async Task<SendOutcome> PutChunkAsync(string jobId, PendingChunk chunk, CancellationToken ct)
    {
        var bytes = chunk.Read();
        var (outcome, _) = await SendAsync(() =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
            var request = new HttpRequestMessage(HttpMethod.Put, string.Create(CultureInfo.InvariantCulture, $"api/jobs/{jobId}/chunks/{chunk.Seq}")) { Content = content };
            request.Headers.Add(ChunkProtocol.PreviousHeader, chunk.Previous);
            if (chunk.Final)
            {
                request.Headers.Add(ChunkProtocol.FinalHeader, "true");
            }
            return http.SendAsync(request, ct);
        });
        return outcome;
    }

    public async Task<SendOutcome> HeartbeatAsync(string jobId, CancellationToken ct) =>
        (await SendAsync(() => http.PostAsync($"api/jobs/{jobId}/heartbeat", null, ct))).Outcome;

    /// <summary>The last error the console gave, for the agent's log.</summary>
    public string? LastError { get; private set; }

    private async Task<(SendOutcome Outcome, JsonElement? Body)> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                return (SendOutcome.Accepted, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : null);
            }
            LastError = $"HTTP {(int)response.StatusCode}: {text.Trim()}";
            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => (SendOutcome.Unauthorized, null),
                >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => (SendOutcome.Unavailable, null),
                _ => (SendOutcome.Refused, null),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            LastError = e is TaskCanceledException ? $"no answer within {RequestTimeout.TotalSeconds:0} s" : e.Message;
            return (SendOutcome.Unavailable, null);
        }
    }
}
