using System.Text;
using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// A <c>run:</c> script: written to <c>_work/_temp/&lt;guid&gt;.sh</c> (ScriptHandler) and run by the shell with the
/// arguments ScriptHandlerHelpers gives it.
/// </summary>
internal static class ScriptHandler
{
    /// <summary>The shell's argument template; {0} is the script file.</summary>
    public static string ArgumentTemplate(string? shell) => shell switch
    {
        null => "-e {0}",
        "bash" => "--noprofile --norc -e -o pipefail {0}",
        "sh" => "-e {0}",
        _ => throw new InvalidDataException($"shell '{shell}' is not supported by the fake runner (bash and sh are)"),
    };

    public static ProcessSpec Prepare(RunnerLayout layout, string script, string? shell, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var template = ArgumentTemplate(shell);
        Directory.CreateDirectory(layout.Temp);
        var scriptFile = Path.Combine(layout.Temp, $"{Guid.NewGuid()}.sh");
        File.WriteAllText(scriptFile, script, new UTF8Encoding(false));
        return new ProcessSpec(Which.Find(shell ?? "bash"), template.Replace("{0}", $"\"{scriptFile}\"", StringComparison.Ordinal), workingDirectory, environment);
    }
}

/// <summary>A JavaScript action's entry point, run by the runner's own node: <c>externals/node20/bin/node "&lt;action&gt;/main.js"</c> (node24 for <c>using: node24</c>).</summary>
internal static class NodeHandler
{
    public static ProcessSpec Prepare(RunnerLayout layout, NodeActionDefinition action, string entryPoint, string workingDirectory, IReadOnlyDictionary<string, string> environment) =>
        new(layout.NodeFor(action.Using), $"\"{Path.Combine(action.Directory, entryPoint)}\"", workingDirectory, environment);

    /// <summary>Every declared input with its default, overridden by <c>with:</c> (which may also name undeclared inputs).</summary>
    public static IReadOnlyDictionary<string, string> MergeInputs(ActionDefinition action, IReadOnlyDictionary<string, string> with)
    {
        var inputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in action.InputDefaults)
        {
            inputs[name] = value;
        }
        foreach (var (name, value) in with)
        {
            inputs[name] = value;
        }
        return inputs;
    }

    /// <summary>INPUT_NAME for each evaluated input (spaces become underscores), as the runner passes inputs to JavaScript actions.</summary>
    public static IEnumerable<KeyValuePair<string, string>> InputVariables(IReadOnlyDictionary<string, string> inputs) =>
        inputs.Select(input => new KeyValuePair<string, string>($"INPUT_{input.Key.Replace(' ', '_').ToUpperInvariant()}", input.Value));

    /// <summary>The Actions runtime service variables the runner gives JavaScript actions (the token is the job's, a secret).</summary>
    public static IEnumerable<KeyValuePair<string, string>> RuntimeVariables(JobMessage job) =>
    [
        new("ACTIONS_RUNTIME_URL", "https://pipelines.actions.githubusercontent.com/fake-runner/"),
        new("ACTIONS_RUNTIME_TOKEN", job.Secrets.GetValueOrDefault("ACTIONS_RUNTIME_TOKEN", string.Empty)),
        new("ACTIONS_CACHE_URL", "https://artifactcache.actions.githubusercontent.com/fake-runner/"),
        new("ACTIONS_RESULTS_URL", "https://results-receiver.actions.githubusercontent.com/"),
    ];
}
