using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ashiato.Web.Storage;
using Ashiato.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ashiato.Web.Tests.Hardening;

/// <summary>What a crash or a delete at the wrong moment leaves behind: nothing stuck, nothing orphaned, no 500.</summary>
[Trait("Category", "services")]
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task A_restart_reopens_interrupted_uploads_and_removes_orphan_and_staging_files()
    {
        var data = Directory.CreateTempSubdirectory("ashiato-console-").FullName;
        string interrupted, kept;
        string orphan = JobId.New(TimeProvider.System).Value;
        var first = await RunningConsole.StartAsync(dataDirectory: data);
        {
            var client = first.Client();
            kept = await first.UploadAsync(client, SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()));
            interrupted = await RunningConsole.CreateJobAsync(client);
            // The server dies mid-upload: the row says uploading, a staged copy and a committed file with no row remain.
            var catalog = first.Server.Services.GetRequiredService<IJobCatalog>();
            Assert.True(JobId.TryParse(interrupted, out var id));
            Assert.True(await catalog.TryBeginUploadAsync(new JobKey("default", id), CancellationToken.None));
            await File.WriteAllTextAsync(Path.Combine(data, "staging", "0123456789abcdef"), "half an upload");
            File.Copy(first.StoredTraceFiles().Single(), Path.Combine(first.TracesDirectory, "default", orphan + ".jsonl.gz"));
            await first.Server.DisposeAsync();
        }

        await using var second = await RunningConsole.StartAsync(dataDirectory: data);
        var again = second.Client();

        Assert.Equal("pending", (await again.GetFromJsonAsync<JsonElement>($"/api/jobs/{interrupted}")).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await RunningConsole.PutTraceAsync(again, interrupted, SampleTrace.Gzip(SampleTrace.NormalRun()))).StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(data, "staging")));
        Assert.DoesNotContain(second.StoredTraceFiles(), f => f.Contains(orphan, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/api/jobs/{kept}/trace.jsonl.gz")).StatusCode);
        Assert.Equal(2, second.StoredTraceFiles().Count());
    }

    [Theory]
    [InlineData("job")]
    [InlineData("org")]
    public async Task Deleting_during_an_upload_leaves_no_file_and_answers_404_not_500(string what)
    {
        await using var console = await RunningConsole.StartAsync();
        var client = console.Client();
        var id = await RunningConsole.CreateJobAsync(client);
        var body = SampleTrace.Gzip(SampleTrace.Busy(3000));

        using var socket = new TcpClient();
        await socket.ConnectAsync(console.BaseUrl.Host, console.BaseUrl.Port);
        var stream = socket.GetStream();
        var head = $"PUT /api/jobs/{id}/trace HTTP/1.1\r\nHost: {console.BaseUrl.Authority}\r\nAuthorization: Bearer {RunningConsole.AdminToken}\r\n"
                   + $"Content-Type: application/gzip\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
        await stream.FlushAsync();
        Assert.True(await RunningConsole.WaitForStateAsync(client, id, "uploading"));

        var deleted = await client.DeleteAsync(what == "job" ? $"/api/jobs/{id}" : "/api/orgs/default");
        await stream.WriteAsync(body.AsMemory(body.Length / 2));
        await stream.FlushAsync();
        using var reader = new StreamReader(stream);
        var status = await reader.ReadLineAsync();

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.StartsWith("HTTP/1.1 404", status);
        Assert.Empty(console.StoredTraceFiles());
    }
}
