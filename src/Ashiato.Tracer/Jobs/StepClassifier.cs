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

    public static StepIdentity Classify(string? exe, string filename, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env)
    {
        var program = ProgramName(exe, filename);
        if (program.StartsWith("node", StringComparison.Ordinal))
        {
            foreach (var argument in args.Skip(1))
            {
                if (ActionOf(argument) is { } action)
                {
                    return new StepIdentity(StepKind.Action, action, argument);
                }
            }
            // node on a file of the runner's own (bin/hashFiles) is housekeeping.
            return new StepIdentity(StepKind.Runner, null, null);
        }
        if (program == "docker")
        {
            return new StepIdentity(StepKind.Docker, null, args.Skip(1).FirstOrDefault(IsTempScript));
        }
        if (Shells.Contains(program))
        {
            if (args.Skip(1).FirstOrDefault(IsTempScript) is { } script)
            {
                // Inner steps of a composite action have only GITHUB_ACTION_PATH (actions/runner#2473).
                if (env is not null && env.TryGetValue("GITHUB_ACTION_PATH", out var actionPath) && ActionOf(actionPath + "/") is { } composite)
                {
                    return new StepIdentity(StepKind.Composite, composite, script);
                }
                return new StepIdentity(StepKind.Run, null, script);
            }
            // The worker runs a shell on a script outside _temp only for the job hooks (JobHookProvider).
            if (args.Skip(1).LastOrDefault(a => a.StartsWith('/')) is { } hook)
            {
                return new StepIdentity(StepKind.Hook, null, hook);
            }
        }
        return new StepIdentity(StepKind.Runner, null, null);
    }

    /// <summary><c>owner/repo@ref</c> when <paramref name="path"/> lies in a runner's action cache (<c>…/_actions/o/r/ref/…</c>).</summary>
    public static string? ActionOf(string path)
    {
        var match = ActionPath().Match(path);
        return match.Success ? $"{match.Groups[1].Value}/{match.Groups[2].Value}@{match.Groups[3].Value}" : null;
    }

    /// <summary>A script the worker wrote for a run step: <c>…/_temp/&lt;guid&gt;.&lt;ext&gt;</c>.</summary>
    public static bool IsTempScript(string argument) => TempScript().IsMatch(argument);

    public static string ProgramName(string? exe, string filename)
    {
        var path = string.IsNullOrEmpty(exe) ? filename : exe;
        return path[(path.LastIndexOf('/') + 1)..];
    }

    [GeneratedRegex(@"/_actions/([^/]+)/([^/]+)/([^/]+)/")]
    private static partial Regex ActionPath();

    [GeneratedRegex(@"/_temp/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\.[a-z0-9]+$")]
    private static partial Regex TempScript();
}
