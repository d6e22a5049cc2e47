using System.Text;

namespace Ashiato.Query.Catalog;

/// <summary>
/// A path glob of the catalog, translated to a regular expression anchored at both ends: <c>*</c> is any run of
/// characters but <c>/</c>, <c>**/</c> any number of folders (none included), <c>**</c> at the end anything below,
/// <c>?</c> one character but <c>/</c>, <c>{a,b}</c> either, and <c>{runner}</c> the runner's folder. Pure.
/// </summary>
public sealed record PathGlob(string Text)
{
    /// <summary>The placeholder for the GitHub Actions runner's folder.</summary>
    public const string RunnerPlaceholder = "{runner}";

    /// <summary>What <c>{runner}</c> stands for when the trace shows no runner: a folder named actions-runner anywhere.</summary>
    public const string DefaultRunnerPattern = "(?:.*/)?actions-runner";

    public bool UsesRunner => Text.StartsWith(RunnerPlaceholder, StringComparison.Ordinal);

    /// <summary>Why <paramref name="text"/> is not a glob the catalog accepts, or null.</summary>
    public static string? Problem(string text)
    {
        if (!(text.StartsWith('/') || text.StartsWith("**/", StringComparison.Ordinal) || text.StartsWith(RunnerPlaceholder + "/", StringComparison.Ordinal)))
        {
            return $"the glob '{text}' must start with /, **/ or {RunnerPlaceholder}/";
        }
        var open = 0;
        foreach (var c in text.Replace(RunnerPlaceholder, "", StringComparison.Ordinal))
        {
            open += c switch { '{' => 1, '}' => -1, _ => 0 };
            if (open is < 0 or > 1)
            {
                return $"the glob '{text}' has unbalanced or nested braces";
            }
        }
        return open != 0 ? $"the glob '{text}' has an unclosed brace" : null;
    }

    /// <summary>The regular expression (without anchors); <c>{runner}</c> becomes <paramref name="runnerPattern"/>.</summary>
    public string ToRegex(string runnerPattern = DefaultRunnerPattern)
    {
        var regex = new StringBuilder();
        var text = Text;
        var i = 0;
        if (UsesRunner)
        {
            regex.Append("(?:").Append(runnerPattern).Append(')');
            i = RunnerPlaceholder.Length;
        }
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var slash = i + 2 < text.Length && text[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    '{' => "(?:",
                    '}' => ")",
                    ',' => "|",
                    _ when "\\.+()|^$[]".Contains(c) => "\\" + c,
                    _ => c.ToString(),
                });
            }
        }
        return regex.ToString();
    }

    /// <summary>
    /// The longest run of plain characters in the glob: a path without it cannot match, and an ordinal substring search
    /// rejects most paths long before a regular expression would.
    /// </summary>
    public string RequiredLiteral()
    {
        var best = "";
        var current = new StringBuilder();
        var depth = 0;
        var text = UsesRunner ? Text[RunnerPlaceholder.Length..] : Text;
        foreach (var c in text)
        {
            if (c is '*' or '?' or '{' or '}' || depth > 0)
            {
                depth += c switch { '{' => 1, '}' => -1, _ => 0 };
                if (current.Length > best.Length)
                {
                    best = current.ToString();
                }
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        return current.Length > best.Length ? current.ToString() : best;
    }
}
