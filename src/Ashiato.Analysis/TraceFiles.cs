using Ashiato.Events;

namespace Ashiato.Analysis;

/// <summary>Checks a trace path the user gave before any work starts, so the error names it plainly.</summary>
public static class TraceFiles
{
    public static void RequireExisting(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserFacingException(Directory.Exists(path) ? $"{path}: is a folder, not a trace file" : $"{path}: no such trace file");
        }
    }
}
