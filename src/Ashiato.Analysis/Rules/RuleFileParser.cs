using Ashiato.Events;

namespace Ashiato.Analysis.Rules;

/// <summary>
/// Reads a rule file: leading <c>-- key: value</c> header lines (a line starting with <c>--   </c> continues the previous
/// value), then the SQL. Required keys: id, title, severity, description, technique, remediation.
/// </summary>
public static class RuleFileParser
{
    private static readonly string[] RequiredKeys = ["id", "title", "severity", "description", "technique", "remediation"];

    public static RuleDefinition Parse(string text, string source)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        string? lastKey = null;
        var body = 0;
        for (; body < lines.Length; body++)
        {
            var line = lines[body];
            if (!line.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }
            var content = line[2..];
            var colon = content.IndexOf(':', StringComparison.Ordinal);
            var key = colon > 0 ? content[..colon].Trim() : "";
            if (colon > 0 && !content.StartsWith("   ", StringComparison.Ordinal) && IsKey(key))
            {
                lastKey = key.ToLowerInvariant();
                header[lastKey] = content[(colon + 1)..].Trim();
            }
            else if (lastKey is not null && content.Trim().Length > 0)
            {
                header[lastKey] += " " + content.Trim();
            }
        }
        var missing = RequiredKeys.Where(k => !header.ContainsKey(k) || header[k].Length == 0).ToList();
        if (missing.Count > 0)
        {
            throw new UserFacingException($"{source}: rule header lacks {string.Join(", ", missing)} (each as a '-- key: value' line)");
        }
        var sql = string.Join('\n', lines[body..]).Trim();
        if (sql.Length == 0)
        {
            throw new UserFacingException($"{source}: the rule has a header but no SQL");
        }
        return new RuleDefinition(
            header["id"],
            header["title"],
            SeverityNames.Parse(header["severity"], source),
            header["description"],
            header["technique"],
            header["remediation"],
            sql,
            source);
    }

    private static bool IsKey(string key) => key.Length > 0 && key.All(c => char.IsAsciiLetter(c) || c == '_' || c == '-');
}
