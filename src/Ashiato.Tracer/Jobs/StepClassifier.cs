using System.Text.RegularExpressions;
using Ashiato.Events;

namespace Ashiato.Tracer.Jobs;

/// <summary>What a step runs, as its root's first exec shows it.</summary>
/// <param name="Action"><c>owner/repo@ref</c> for an action (or the composite action a step belongs to).</param>
/// <param name="Script">The run script, hook script or action entry point on the command line.</param>
public sealed record StepIdentity(StepKind Kind, string? Action, string? Script);

/// <summary>
/// Tells what a step is from its root's exec: path, argv and the allow-listed environment. How the runner starts each
/// kind is in shared/research/runner-integration.md (ScriptHandler, NodeScriptActionHandler, CompositeActionHandler).
/// Pure.
/// </summary>
public static partial class StepClassifier
{
    private static readonly HashSet<string> Shells = ["bash", "sh", "dash", "zsh", "pwsh", "powershell", "python", "python3"];

    /// <param name="runnerRoot">The runner's own directory (above its <c>bin/</c>): node on a file in it is the runner's
    /// housekeeping, on a file elsewhere a .js job hook; unknown, node on anything but an action is housekeeping.</param>
    public static StepIdentity Classify(string? exe, string filename, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env, string? runnerRoot = null)
    {
        var program = ProgramName(exe, filename);
        var arguments = args.Skip(1).ToList();
        if (program == "docker")
        {
            return new StepIdentity(StepKind.Docker, null, arguments.Select(TempScriptIn).FirstOrDefault(s => s is not null));
        }
        var node = program.StartsWith("node", StringComparison.Ordinal);
        if (node && arguments.Select(a => (Argument: a, Action: ActionOf(a))).FirstOrDefault(a => a.Action is not null) is { Action: { } action } entry)
        {
            return new StepIdentity(StepKind.Action, action, entry.Argument);
        }
        // Any shell, the built-in ones or a custom `shell: perl {0}`, on the script the worker wrote: pwsh gets it
        // inside its -command argument (ScriptHandlerHelpers: -command ". '{0}'").
        if (arguments.Select(TempScriptIn).FirstOrDefault(s => s is not null) is { } script)
        {
            // Inner steps of a composite action have only GITHUB_ACTION_PATH (actions/runner#2473).
            if (env is not null && env.TryGetValue("GITHUB_ACTION_PATH", out var actionPath) && ActionOf(actionPath + "/") is { } composite)
            {
                return new StepIdentity(StepKind.Composite, composite, script);
            }
            return new StepIdentity(StepKind.Run, null, script);
        }
        // The worker runs a script outside _temp only for the job hooks (JobHookProvider: bash -e, or node for a
        // .js hook); node on the runner's own files (bin/hashFiles) is housekeeping.
        if (arguments.LastOrDefault(a => a.StartsWith('/')) is { } hook
            && (Shells.Contains(program) || node && runnerRoot is not null && !IsUnder(hook, runnerRoot)))
        {
            return new StepIdentity(StepKind.Hook, null, hook);
        }
        return new StepIdentity(StepKind.Runner, null, null);
    }

    /// <summary><c>owner/repo@ref</c> when <paramref name="path"/> lies in a runner's action cache (<c>…/_actions/o/r/ref/…</c>).</summary>
    public static string? ActionOf(string path)
    {
        var match = ActionPath().Match(path);
        return match.Success ? $"{match.Groups[1].Value}/{match.Groups[2].Value}@{match.Groups[3].Value}" : null;
    }

    /// <summary>The run script the worker wrote (<c>…/_temp/&lt;guid&gt;.&lt;ext&gt;</c>) that an argument is or quotes (<c>&amp; '/…/_temp/&lt;guid&gt;.ps1'</c>), or null.</summary>
    public static string? TempScriptIn(string argument) => TempScript().Match(argument) is { Success: true } match ? match.Value : null;

    public static string ProgramName(string? exe, string filename)
    {
        var path = string.IsNullOrEmpty(exe) ? filename : exe;
        return path[(path.LastIndexOf('/') + 1)..];
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(directory) + "/", StringComparison.Ordinal);

    [GeneratedRegex(@"/_actions/([^/]+)/([^/]+)/([^/]+)/")]
    private static partial Regex ActionPath();

    /// <summary>An absolute path ending in <c>_temp/&lt;guid&gt;.&lt;ext&gt;</c>, the whole argument or up to a quote.</summary>
    [GeneratedRegex(@"/(?:[^'""]*/)?_temp/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\.[A-Za-z0-9]+(?=$|['""])")]
    private static partial Regex TempScript();
}
