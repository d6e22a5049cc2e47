namespace FakeRunner.Protocol;

/// <summary>The runner's <c>.env</c>: <c>KEY=value</c> lines that the listener loads into its environment at start (and so every worker and step inherits).</summary>
public static class DotEnv
{
    /// <summary>The pairs in the file, in order; lines without '=' after a non-empty key are skipped, as the listener skips them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var line in text.Split('\n'))
        {
            var entry = line.TrimEnd('\r');
            var separator = entry.IndexOf('=');
            if (separator > 0)
            {
                pairs.Add(new(entry[..separator], entry[(separator + 1)..]));
            }
        }
        return pairs;
    }

    public static string Format(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Concat(pairs.Select(pair => $"{pair.Key}={pair.Value}\n"));
}
