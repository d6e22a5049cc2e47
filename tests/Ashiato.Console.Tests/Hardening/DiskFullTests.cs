using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Hardening;

/// <summary>A full disk: <c>ashiato serve</c> on a 1 MB tmpfs, in a private mount namespace the test creates.</summary>
[Trait("Category", "services")]
public sealed class DiskFullTests
{
    private const string Token = "disk-full-admin-token-0123456789";

    [Fact]
    public async Task An_upload_that_does_not_fit_on_the_disk_gets_507_and_the_job_can_be_retried()
    {
        var data = Directory.CreateTempSubdirectory("ashiato-full-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs \"$0\" && exec \"$@\"", data,
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "ashiato.dll"),
            "serve", "--data", data, "--listen", $"127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["ASHIATO_ADMIN_TOKEN"] = Token },
        };
        using var server = Process.Start(start)!;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            await Poll.UntilAsync(async () => !server.HasExited && await IsUpAsync(client), "ashiato serve to listen");
            var id = await RunningConsole.CreateJobAsync(client);
            var big = SampleTrace.Gzip(SampleTrace.Busy(150_000));
            Assert.True(big.Length > 1 << 20);

            var response = await RunningConsole.PutTraceAsync(client, id, big);

            Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
            Assert.StartsWith("the server's disk is full", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
            Assert.Equal("pending", (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("state").GetString());
            Assert.Equal(HttpStatusCode.OK, (await RunningConsole.PutTraceAsync(client, id, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()))).StatusCode);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<bool> IsUpAsync(HttpClient client)
    {
        try
        {
            return (await client.GetAsync("/healthz")).IsSuccessStatusCode;
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
