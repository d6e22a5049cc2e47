using Ashiato.Events;

namespace Ashiato.Query.Loading;

/// <summary>A trace line that is not a record of the format; names the file and the line.</summary>
public sealed class MalformedTraceException(string file, long line, string reason)
    : UserFacingException(Describe(file, line, reason))
{
    public string File { get; } = file;

    public long Line { get; } = line;

    public string Reason { get; } = reason;

    private static string Describe(string file, long line, string reason) => line == 1
        ? $"{file}:1: {reason}; this does not look like a trace (JSON Lines, plain or gzip)"
        : $"{file}:{line}: {reason}";
}
