using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Ashiato.Tracer.Tests.Support.Agent;

/// <summary>
/// A real <c>ashiato serve</c> on a fixed loopback port, so that it can be killed and started again on the same port and
/// data directory while an agent streams to it.
/// </summary>
public sealed class ConsoleService : IDisposable
{
    public const string AdminToken = "agent-test-admin-token-0123456789";

    private readonly string _data = Directory.CreateTempSubdirectory("ashiato-agent-console-").FullName;
    private readonly int _silenceSeconds;
    private CliProcess? _process;

    public ConsoleService(int silenceSeconds = 10)
    {
        _silenceSeconds = silenceSeconds;
        Port = FreePort();
        Url = $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";
        Client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        TokenFile = Path.Combine(_data, "..", $"ashiato-agent-token-{Guid.NewGuid():N}");
        File.WriteAllText(TokenFile, AdminToken + "\n");
        Start();
    }

    public int Port { get; }

    public string Url { get; }

    public HttpClient Client { get; }

    /// <summary>A file holding the admin token (which may ingest), for <c>--token-file</c>.</summary>
    public string TokenFile { get; }

    public string Output => _process?.Output ?? "";

    public void Start()
    {
        _process = new CliProcess(
            ["serve", "--data", _data, "--listen", $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}", "--stream-silence-seconds", _silenceSeconds.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["ASHIATO_ADMIN_TOKEN"] = AdminToken });
        Poll.Until(() => _process.HasExited || Healthy(), "the console to answer");
        Assert.False(_process.HasExited, $"the console exited: {_process.Output}");
    }

    /// <summary>SIGKILL: the console is gone mid-request, as a crashed or restarted server is.</summary>
    public void Kill()
    {
        _process?.Dispose();
        _process = null;
    }

    public JsonElement Get(string path)
    {
        using var response = Client.GetAsync(path).GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        return response.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult();
    }

    /// <summary>The id of the first job <paramref name="match"/> accepts, or null.</summary>
    public string? FindJob(Func<JsonElement, bool> match) => Jobs().Where(match).Select(j => j.Str("id")).FirstOrDefault();

    public IReadOnlyList<JsonElement> Jobs() => [.. Get("/api/jobs?limit=100").GetProperty("jobs").EnumerateArray()];

    public byte[] Download(string id) => Client.GetByteArrayAsync($"/api/jobs/{id}/trace.jsonl.gz").GetAwaiter().GetResult();

    /// <summary>The job's trace as stored so far, or nothing while it has none; a read racing an append is tried again.</summary>
    public IReadOnlyList<JsonElement> Records(string id)
    {
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"ashiato-download-{Guid.NewGuid():N}.jsonl.gz");
            File.WriteAllBytes(path, Download(id));
            try
            {
                return AshiatoCli.ReadTrace(path);
            }
            finally
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is HttpRequestException or InvalidDataException or IOException or JsonException)
        {
            return [];
        }
    }

    public void Dispose()
    {
        Kill();
        Client.Dispose();
        File.Delete(TokenFile);
        Directory.Delete(_data, recursive: true);
    }

    private bool Healthy()
    {
        try
        {
            return Client.GetAsync("/healthz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
