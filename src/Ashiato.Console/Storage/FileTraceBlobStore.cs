namespace Ashiato.Web.Storage;

/// <summary>
/// Traces as files: <c>traces/&lt;org&gt;/&lt;job id&gt;.jsonl.gz</c> under the data directory. Org names and job ids
/// are validated types, so no path built here can leave the directory. Uploads are staged in <c>staging/</c> on
/// the same file system and moved into place, so a reader never sees half a file.
/// </summary>
public sealed class FileTraceBlobStore : ITraceBlobStore
{
    private const UnixFileMode TraceFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _traces;
    private readonly string _staging;

    public FileTraceBlobStore(string dataDirectory)
    {
        _traces = Path.Combine(dataDirectory, "traces");
        _staging = Path.Combine(dataDirectory, "staging");
        Directory.CreateDirectory(_traces);
        Directory.CreateDirectory(_staging);
    }

    /// <summary>Staging files left by a crash are never committed; only the server, at start, may clear them.</summary>
    public Task<int> ClearStagingAsync(CancellationToken ct)
    {
        var cleared = 0;
        foreach (var leftover in Directory.EnumerateFiles(_staging))
        {
            File.Delete(leftover);
            cleared++;
        }
        return Task.FromResult(cleared);
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
                    throw UploadTooLargeException.Compressed(maxBytes);
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
        if (!OperatingSystem.IsWindows())
        {
            // Readable by all, whatever the umask, inside a data directory only its owner may enter: an isolated query
            // worker (nobody) reads the one trace bind-mounted into its namespace, and nothing else.
            File.SetUnixFileMode(path, TraceFileMode);
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
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // The organisation never stored a trace (a pending job), or it was deleted meanwhile.
        }
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

    public IEnumerable<JobKey> ListStored()
    {
        const string Suffix = ".jsonl.gz";
        foreach (var folder in Directory.EnumerateDirectories(_traces))
        {
            var org = Path.GetFileName(folder);
            if (!OrgName.IsValid(org))
            {
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(folder, "*" + Suffix))
            {
                if (JobId.TryParse(Path.GetFileName(file)[..^Suffix.Length], out var id))
                {
                    yield return new JobKey(org, id);
                }
            }
        }
    }

    private string PathOf(JobKey key) => Path.Combine(_traces, OrgName.Require(key.Org), key.Id.Value + ".jsonl.gz");
}
