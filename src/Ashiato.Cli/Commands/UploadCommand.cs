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
        var upload = new UploadOptions();
        upload.Job.Required = true;
        var command = new Command("upload", "Upload a trace to a console; prints the new job's id on the last line.") { file, server };
        foreach (var option in upload.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, ct) =>
        {
            await UploadAsync(parse.GetValue(file)!, parse.GetValue(server)!, upload.TakeToken(parse), upload.MetadataOf(parse, ""), ct);
            return 0;
        });
        return command;
    }

    /// <summary>Creates the job, uploads the trace, and prints a link then the job id (last line, for scripts).</summary>
    internal static async Task<string> UploadAsync(string path, string server, string token, JobMetadata metadata, CancellationToken ct)
    {
        using var http = ConsoleClient.CreateHttpClient(server, token);
        var client = new ConsoleClient(http);
        await using var gzip = await OpenAsGzipAsync(path, ct);
        var id = await client.CreateJobAsync(metadata, ct);
        var events = await client.UploadTraceAsync(id, gzip, ct);
        Console.WriteLine($"uploaded {events} events: {new Uri(http.BaseAddress!, $"#/jobs/{id}")}");
        Console.WriteLine(id);
        return id;
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
