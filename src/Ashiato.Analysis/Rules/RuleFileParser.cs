using Ashiato.Events;

namespace Ashiato.Analysis.Rules;

/// <summary>
/// Reads a rule file: leading <c>-- key: value</c> header lines (a line starting with <c>--   </c> continues the previous
/// value), then the SQL. Required keys: id, title, severity, description, technique, remediation; optional: phase.
/// </summary>
public static class RuleFileParser
{
    private static readonly string[] RequiredKeys = ["id", "title", "severity", "description", "technique", "remediation"];

    public static RuleDefinition Parse(string text, string source)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var keyLines = new Dictionary<string, int>(StringComparer.Ordinal);
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
                keyLines[lastKey] = body + 1;
            }
            else if (lastKey is not null && content.Trim().Length > 0)
            {
                header[lastKey] += " " + content.Trim();
            }
        }
        var missing = RequiredKeys.Where(k => !header.ContainsKey(k) || header[k].Length == 0).ToList();
        if (missing.Count > 0)
        {
            throw new UserFacingException($"{source}:1: rule header lacks {string.Join(", ", missing)} (each as a '-- key: value' line)");
        }
        var sqlStart = body;
        while (sqlStart < lines.Length && lines[sqlStart].Trim().Length == 0)
        {
            sqlStart++;
        }
        var sql = string.Join('\n', lines[sqlStart..]).Trim();
        if (sql.Length == 0)
        {
            throw new UserFacingException($"{source}:{body + 1}: the rule has a header but no SQL");
        }
        return new RuleDefinition(
            header["id"],
            header["title"],
            SeverityNames.Parse(header["severity"], $"{source}:{keyLines["severity"]}"),
            header["description"],
            header["technique"],
            header["remediation"],
            sql,
            source,
            sqlStart + 1,
            header.TryGetValue("phase", out var phase) && phase.Length > 0 ? phase : header["id"]);
    }

    private static bool IsKey(string key) => key.Length > 0 && key.All(c => char.IsAsciiLetter(c) || c == '_' || c == '-');
}
