namespace Ashiato.Web.Storage;

/// <summary>
/// Traces as files: <c>traces/&lt;org&gt;/&lt;job id&gt;.jsonl.gz</c> under the data directory. Org names and job ids
/// are validated types, so no path built here can leave the directory. Uploads are staged in <c>staging/</c> on
/// the same file system and moved into place, so a reader never sees half a file.
/// </summary>
public sealed class FileTraceBlobStore : ITraceBlobStore
{
    private readonly string _traces;
    private readonly string _staging;

    public FileTraceBlobStore(string dataDirectory)
    {
        _traces = Path.Combine(dataDirectory, "traces");
        _staging = Path.Combine(dataDirectory, "staging");
        Directory.CreateDirectory(_traces);
        Directory.CreateDirectory(_staging);
        // Staging files left by a crash are never committed: clear them at start.
        foreach (var leftover in Directory.EnumerateFiles(_staging))
        {
            File.Delete(leftover);
        }
    }

    public async Task<StagedTrace> StageAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        var path = Path.Combine(_staging, Guid.NewGuid().ToString("N"));
        long total = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new UploadTooLargeException(maxBytes);
                }
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            await file.FlushAsync(ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return new StagedTrace(path, total);
    }

    public Task CommitAsync(StagedTrace staged, JobKey key, CancellationToken ct)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(staged.Path, target, overwrite: false);
        staged.Committed = true;
        return Task.CompletedTask;
    }

    public async Task AppendAsync(JobKey key, ReadOnlyMemory<byte> chunk, CancellationToken ct)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var file = new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true);
        await file.WriteAsync(chunk, ct);
        await file.FlushAsync(ct);
    }

    public Stream? OpenRead(JobKey key)
    {
        try
        {
            return new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public string? LocalPath(JobKey key) => File.Exists(PathOf(key)) ? PathOf(key) : null;

    public Task DeleteAsync(JobKey key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public Task DeleteOrgAsync(string org, CancellationToken ct)
    {
        var folder = Path.Combine(_traces, OrgName.Require(org));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        return Task.CompletedTask;
    }

    private string PathOf(JobKey key) => Path.Combine(_traces, OrgName.Require(key.Org), key.Id.Value + ".jsonl.gz");
}
