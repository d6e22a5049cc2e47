using System.Reflection;

namespace Ashiato.Query.Examples;

/// <summary>
/// The vetted example queries shared by <c>ashiato query</c> and the console's Query tab. Each is a <c>.sql</c> file in
/// this folder, embedded in the assembly, starting with <c>-- title:</c> and <c>-- description:</c> header lines.
/// </summary>
public static class ExampleLibrary
{
    private const string ResourcePrefix = "examples/";

    private static readonly Lazy<IReadOnlyList<ExampleQuery>> Loaded = new(Load);

    public static IReadOnlyList<ExampleQuery> All => Loaded.Value;

    public static ExampleQuery? Find(string name) => All.FirstOrDefault(e => e.Name == name);

    /// <summary>Reads one file's text into an example: header lines become title and description, the rest is the SQL.</summary>
    public static ExampleQuery Parse(string name, string text)
    {
        var header = new Dictionary<string, string>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var body = 0;
        for (; body < lines.Length; body++)
        {
            var line = lines[body];
            if (!line.StartsWith("-- ", StringComparison.Ordinal) || line.IndexOf(':', StringComparison.Ordinal) < 0)
            {
                break;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            header[line[3..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var sql = string.Join('\n', lines[body..]).Trim() + "\n";
        return new ExampleQuery(name, header.GetValueOrDefault("title", name), header.GetValueOrDefault("description", ""), sql);
    }

    private static IReadOnlyList<ExampleQuery> Load()
    {
        var assembly = typeof(ExampleLibrary).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Parse(n[ResourcePrefix.Length..^".sql".Length], ReadResource(assembly, n)))];
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
