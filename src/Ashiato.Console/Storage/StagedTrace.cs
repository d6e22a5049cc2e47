namespace Ashiato.Web.Storage;

/// <summary>An upload copied to a private local file. Disposing it deletes the file unless it was committed.</summary>
public sealed class StagedTrace(string path, long bytes) : IDisposable
{
    public string Path { get; } = path;

    public long Bytes { get; } = bytes;

    /// <summary>Set by the store when the file has become the stored trace.</summary>
    internal bool Committed { get; set; }

    public void Dispose()
    {
        if (!Committed)
        {
            File.Delete(Path);
        }
    }
}
