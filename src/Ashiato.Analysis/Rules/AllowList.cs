using Ashiato.Events;

namespace Ashiato.Analysis.Rules;

/// <summary>
/// The host-list file format (the registry allow-list, the webhook hosts): one host pattern a line, <c>host</c> or
/// <c>*.domain</c> (the domain and every name under it); <c>#</c> starts a comment. A pattern that is not a host name
/// or address is an error naming the file and line.
/// </summary>
public static class AllowList
{
    public static IReadOnlyList<string> Parse(string text, string source)
    {
        var patterns = new List<string>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var n = 1; n <= lines.Length; n++)
        {
            var line = lines[n - 1];
            var pattern = (line.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? line[..hash] : line).Trim().ToLowerInvariant();
            if (pattern.Length == 0)
            {
                continue;
            }
            var name = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '_'))
            {
                throw new UserFacingException($"{source}:{n}: '{line.Trim()}' is not a host name, an address or *.domain");
            }
            patterns.Add(pattern);
        }
        return patterns;
    }
}
