using System.CommandLine;
using System.IO.Compression;
using Ashiato.Events;
using Ashiato.Web.Client;
using Ashiato.Web.Storage;

namespace Ashiato.Cli.Commands;

public static class UploadCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("trace") { Description = "The trace to upload (.jsonl.gz, or .jsonl which is compressed on the way)" };
        var server = new Option<string>("--server") { Description = "Console URL, for example http://127.0.0.1:8080", Required = true };
        var token = new Option<string?>("--token") { Description = "Ingest or admin token (default: $ASHIATO_TOKEN)" };
        var job = new Option<string>("--job") { Description = "Job name, for example \"repo build #12\"", Required = true };
        var repo = new Option<string?>("--repo") { Description = "Repository" };
        var workflow = new Option<string?>("--workflow") { Description = "Workflow name" };
        var runId = new Option<string?>("--run-id") { Description = "CI run id" };
        var sha = new Option<string?>("--sha") { Description = "Commit" };
        var command = new Command("upload", "Upload a trace to a console; prints the new job's id on the last line.")
        {
            file, server, token, job, repo, workflow, runId, sha,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file)!;
            using var http = ConsoleClient.CreateHttpClient(parseResult.GetValue(server)!,
                parseResult.GetValue(token) ?? Environment.GetEnvironmentVariable("ASHIATO_TOKEN") ?? "");
            var client = new ConsoleClient(http);
            await using var gzip = await OpenAsGzipAsync(path, ct);
            var id = await client.CreateJobAsync(new JobMetadata(parseResult.GetValue(job)!, parseResult.GetValue(repo),
                parseResult.GetValue(workflow), parseResult.GetValue(runId), parseResult.GetValue(sha)), ct);
            var events = await client.UploadTraceAsync(id, gzip, ct);
            Console.WriteLine($"uploaded {events} events: {new Uri(http.BaseAddress!, $"#/jobs/{id}")}");
            Console.WriteLine(id);
            return 0;
        });
        return command;
    }

    /// <summary>The file itself when it is gzip; otherwise a compressed temporary copy, deleted when closed.</summary>
    private static async Task<Stream> OpenAsGzipAsync(string path, CancellationToken ct)
    {
        FileStream input;
        try
        {
            input = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"{path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}", e);
        }
        var magic = new byte[2];
        var isGzip = await input.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, ct) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        input.Position = 0;
        if (isGzip)
        {
            return input;
        }
        await using (input)
        {
            var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            await using (var gzip = new GZipStream(temp, CompressionLevel.Fastest, leaveOpen: true))
            {
                await input.CopyToAsync(gzip, ct);
            }
            temp.Position = 0;
            return temp;
        }
    }
}
