namespace Ashiato.Analysis.Processes;

/// <summary>
/// Names what an exec runs, looking through interpreters: <c>node /usr/bin/npm install</c> is <c>npm</c>,
/// <c>python3 -m pip install</c> is <c>pip</c>, <c>dotnet Runner.Worker.dll</c> is <c>Runner.Worker</c>. Rules match on
/// this name because the kernel's <c>comm</c> is what a process calls itself (npm renames itself "npm install ...").
/// </summary>
public static class ProgramNames
{
    private const string DeletedSuffix = " (deleted)";

    private static readonly string[] ScriptSuffixes = [".js", ".cjs", ".mjs", ".py", ".dll"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["npm-cli"] = "npm",
        ["npx-cli"] = "npx",
        ["pnpm"] = "pnpm",
        ["yarn"] = "yarn",
        ["pip3"] = "pip",
    };

    /// <summary>The program of an exec; one without a filename (a snapshot whose executable was unreadable) by its comm.</summary>
    public static string Of(ExecRecord exec) => Of(exec.Filename.Length > 0 ? exec.Filename : exec.Comm, exec.Args);

    public static string Of(string filename, IReadOnlyList<string> args)
    {
        var name = Normalize(BaseName(filename));
        if (!IsInterpreter(name))
        {
            return name;
        }
        // For a script the kernel rewrites argv to "interpreter [arg] script args…": what runs starts after the script.
        var scriptAt = -1;
        for (var i = 1; i < args.Count && scriptAt < 0; i++)
        {
            scriptAt = args[i] == filename ? i : -1;
        }
        for (var i = scriptAt > 0 ? scriptAt + 1 : 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (name == "python" && arg == "-m" && i + 1 < args.Count)
            {
                return Normalize(args[i + 1]);
            }
            if (arg is "-c" or "-e" or "--eval" or "-p" or "--print")
            {
                return name;
            }
            if (arg.StartsWith('-'))
            {
                continue;
            }
            return Normalize(BaseName(arg));
        }
        return name;
    }

    private static bool IsInterpreter(string name) => name is "node" or "nodejs" or "python" or "dotnet";

    private static string Normalize(string name)
    {
        foreach (var suffix in ScriptSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
            {
                name = name[..^suffix.Length];
                break;
            }
        }
        if (name.StartsWith("python", StringComparison.Ordinal) && name[6..].All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return "python";
        }
        return Aliases.GetValueOrDefault(name, name);
    }

    private static string BaseName(string path)
    {
        // A running program whose file was replaced (the runner updating itself) is named "<exe> (deleted)" in /proc,
        // which is where a snapshot exec's filename comes from.
        if (path.EndsWith(DeletedSuffix, StringComparison.Ordinal))
        {
            path = path[..^DeletedSuffix.Length];
        }
        var slash = path.LastIndexOf('/');
        return slash >= 0 ? path[(slash + 1)..] : path;
    }
}
