using System.Runtime.InteropServices;
using System.Text.Json;

namespace FakeRunner.Support;

/// <summary>Where the built fake runner and its scenarios are, next to the test assembly that references this library.</summary>
public static partial class RunnerFiles
{
    public static readonly string[] Executables = ["Runner.Listener", "Runner.Worker"];

    public static string BuildDirectory => AppContext.BaseDirectory;

    public static string Scenarios => Path.Combine(BuildDirectory, "FakeRunner", "Scenarios");

    /// <summary>
    /// The files that make up the runner's <c>bin/</c>: each apphost, its dll, runtimeconfig and deps files, and every
    /// assembly its deps file names (the shared protocol library, YamlDotNet).
    /// </summary>
    public static IReadOnlyList<string> BinFiles()
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var executable in Executables)
        {
            files.UnionWith([executable, $"{executable}.dll", $"{executable}.runtimeconfig.json", $"{executable}.deps.json"]);
            using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(BuildDirectory, $"{executable}.deps.json")));
            foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    if (library.Value.TryGetProperty("runtime", out var runtime))
                    {
                        files.UnionWith(runtime.EnumerateObject().Select(asset => Path.GetFileName(asset.Name)));
                    }
                }
            }
        }
        var missing = files.Where(file => !File.Exists(Path.Combine(BuildDirectory, file))).ToList();
        if (missing.Count > 0)
        {
            throw new FileNotFoundException($"the fake runner is not built next to the tests ({BuildDirectory}): missing {string.Join(", ", missing)}");
        }
        return [.. files];
    }

    /// <summary>The node the tests run as the runner's externals/node20/bin/node: the machine's own, resolved through links.</summary>
    public static string SystemNode()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "node");
            if (File.Exists(candidate))
            {
                return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            }
        }
        throw new FileNotFoundException("node is not installed (Debian package nodejs): the fake runner runs JavaScript actions with it");
    }

    /// <summary>
    /// Hard-links <paramref name="source"/> to <paramref name="destination"/> (so the executable's path is the link's,
    /// as a real runner's externals/node20/bin/node is its own file), copying when they are on different file systems.
    /// </summary>
    public static void LinkOrCopy(string source, string destination)
    {
        if (Link(source, destination) != 0)
        {
            File.Copy(source, destination, overwrite: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
