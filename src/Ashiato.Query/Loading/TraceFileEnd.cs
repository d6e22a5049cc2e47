namespace Ashiato.Query.Loading;

/// <summary>
/// Checks that a plain trace ends with a newline. DuckDB accepts a last line without one when its JSON happens to be
/// complete; the loader then takes the line-by-line path, which reports the cut as it does for gzip.
/// </summary>
public static class TraceFileEnd
{
    /// <summary>True when the file starts with the gzip magic bytes.</summary>
    public static bool IsGzip(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        Span<byte> magic = stackalloc byte[2];
        return file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>True when a plain file is empty or its last line has its newline.</summary>
    public static bool EndsWithNewline(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        if (file.Length == 0)
        {
            return true;
        }
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() == '\n';
    }
}
