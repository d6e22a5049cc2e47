namespace Ashiato.Query.Loading;

/// <summary>One trace to load: a file path (or <c>-</c> for stdin) and the name its rows carry in the <c>job</c> column.</summary>
public sealed record TraceInput(string Path, string Job)
{
    /// <summary>A single trace whose job name is derived from its file name.</summary>
    public static TraceInput ForPath(string path) => new(path, TraceInputs.JobName(path));
}
