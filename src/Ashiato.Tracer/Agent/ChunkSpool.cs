using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ashiato.Tracer.Agent;

/// <summary>A chunk waiting to be sent: its place in its stream's chain, and its bytes (in memory or in a spool file).</summary>
public sealed record PendingChunk(string StreamKey, long Seq, string Previous, bool Final, long Length, byte[]? Bytes, string? File)
{
    public byte[] Read() => Bytes ?? System.IO.File.ReadAllBytes(File!);
}

/// <summary>
/// Where chunks wait until the console has them: a directory (<c>--spool</c>), so that an agent restarted after a
/// crash or a reboot sends what the last one could not, or memory. Bounded in bytes: a chunk that does not fit is
/// refused, and the caller records the loss in the trace. Layout: one folder per stream named by the hash of its key,
/// holding <c>stream</c> (the key) and <c>&lt;seq&gt;.&lt;previous sha256&gt;.&lt;final 0|1&gt;.chunk</c> files, each
/// written to a temporary name and renamed, so a crash never leaves half a chunk under a chunk's name.
/// </summary>
public sealed class ChunkSpool
{
    private readonly string? _directory;
    private readonly long _maxBytes;
    private long _bytes;

    public ChunkSpool(string? directory, long maxBytes)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        if (directory is not null)
        {
            try
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new Events.UserFacingException($"cannot use {directory} as the spool: {e.Message}", e);
            }
        }
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Keeps a chunk; null when it does not fit (the spool is full, or the disk is).</summary>
    public PendingChunk? TryAdd(string streamKey, long seq, string previous, bool final, byte[] bytes)
    {
        // The final chunk is small and ends the job's trace: it is kept even past the bound, never lost to it.
        if (!final && Bytes + bytes.Length > _maxBytes)
        {
            return null;
        }
        if (_directory is null)
        {
            Interlocked.Add(ref _bytes, bytes.Length);
            return new PendingChunk(streamKey, seq, previous, final, bytes.Length, bytes, null);
        }
        try
        {
            var folder = FolderOf(streamKey);
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, "stream"), streamKey);
            }
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{seq:D12}.{previous}.{(final ? 1 : 0)}.chunk"));
            File.WriteAllBytes(path + ".tmp", bytes);
            File.Move(path + ".tmp", path, overwrite: true);
            Interlocked.Add(ref _bytes, bytes.Length);
            return new PendingChunk(streamKey, seq, previous, final, bytes.Length, null, path);
        }
        catch (IOException)
        {
            return null; // the disk is full: as good as a full spool
        }
    }

    public void Remove(PendingChunk chunk)
    {
        Interlocked.Add(ref _bytes, -chunk.Length);
        if (chunk.File is not null)
        {
            File.Delete(chunk.File);
        }
    }

    /// <summary>A stream with nothing left to send: its folder goes.</summary>
    public void Forget(string streamKey)
    {
        if (_directory is not null && Directory.Exists(FolderOf(streamKey)))
        {
            Directory.Delete(FolderOf(streamKey), recursive: true);
        }
    }

    /// <summary>What an earlier agent left unsent, stream by stream, in order.</summary>
    public IReadOnlyList<PendingChunk> Recover()
    {
        var found = new List<PendingChunk>();
        if (_directory is null)
        {
            return found;
        }
        foreach (var folder in Directory.EnumerateDirectories(_directory))
        {
            var keyFile = Path.Combine(folder, "stream");
            if (!File.Exists(keyFile))
            {
                continue;
            }
            var key = File.ReadAllText(keyFile);
            foreach (var file in Directory.EnumerateFiles(folder, "*.chunk").Order(StringComparer.Ordinal))
            {
                var parts = Path.GetFileName(file).Split('.');
                if (parts.Length == 4 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var seq) && parts[1].Length == 64)
                {
                    var length = new FileInfo(file).Length;
                    Interlocked.Add(ref _bytes, length);
                    found.Add(new PendingChunk(key, seq, parts[1], parts[2] == "1", length, null, file));
                }
            }
        }
        return found;
    }

    private string FolderOf(string streamKey) =>
        Path.Combine(_directory!, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(streamKey)))[..24]);
}
