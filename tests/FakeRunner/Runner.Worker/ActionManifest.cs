using FakeRunner.Protocol;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FakeRunner.Worker;

/// <summary>What an action's <c>action.yml</c> says about how it runs.</summary>
/// <param name="Directory">The folder that holds the manifest: GITHUB_ACTION_PATH.</param>
/// <param name="InputDefaults">Each declared input with its default (absent defaults are empty), in declaration order.</param>
internal abstract record ActionDefinition(ActionReference Reference, string Directory, IReadOnlyList<KeyValuePair<string, string>> InputDefaults);

/// <summary><c>runs: using: node20</c> (or node24) with <c>main</c>, and optionally <c>pre</c> and <c>post</c> (paths relative to the action).</summary>
internal sealed record NodeActionDefinition(
    ActionReference Reference,
    string Directory,
    IReadOnlyList<KeyValuePair<string, string>> InputDefaults,
    string Using,
    string Main,
    string? Pre,
    string? Post) : ActionDefinition(Reference, Directory, InputDefaults);

/// <summary><c>runs: using: composite</c>: its steps run as more direct children of the worker.</summary>
internal sealed record CompositeActionDefinition(
    ActionReference Reference,
    string Directory,
    IReadOnlyList<KeyValuePair<string, string>> InputDefaults,
    IReadOnlyList<CompositeStep> Steps) : ActionDefinition(Reference, Directory, InputDefaults);

/// <summary>A step inside a composite action: a <c>run:</c> (which must name its shell) or a <c>uses:</c>.</summary>
internal sealed record CompositeStep(string? Id, string? Name, string? Run, string? Shell, string? Uses, IReadOnlyDictionary<string, string> With, IReadOnlyDictionary<string, string> Env);

/// <summary>Reads <c>action.yml</c>. Pure apart from the caller's file read; bad manifests get one message naming the file.</summary>
internal static class ActionManifest
{
    public static ActionDefinition Parse(string yaml, ActionReference reference, string directory, string manifestPath)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new InvalidDataException("not a YAML mapping");
            }
            var runs = Mapping(root, "runs") ?? throw new InvalidDataException("no 'runs:'");
            var inputs = InputDefaults(Mapping(root, "inputs"));
            var uses = Scalar(runs, "using") ?? throw new InvalidDataException("no 'runs.using:'");
            return uses switch
            {
                "node12" or "node16" or "node20" or "node24" => new NodeActionDefinition(
                    reference, directory, inputs,
                    // Old runtimes run on node20, as the runner has long forced them to.
                    uses == "node24" ? uses : RunnerLayout.NodeVersion,
                    Scalar(runs, "main") ?? throw new InvalidDataException("no 'runs.main:'"),
                    Scalar(runs, "pre"),
                    Scalar(runs, "post")),
                "composite" => new CompositeActionDefinition(reference, directory, inputs, CompositeSteps(runs)),
                "docker" => throw new InvalidDataException("docker actions are not supported by the fake runner (no docker on the test machines)"),
                _ => throw new InvalidDataException($"runs.using '{uses}' is not supported by the fake runner (it ships {string.Join(" and ", RunnerLayout.NodeVersions)})"),
            };
        }
        catch (Exception e) when (e is YamlException or InvalidDataException)
        {
            throw new InvalidDataException($"{manifestPath}: {e.Message}", e);
        }
    }

    private static List<KeyValuePair<string, string>> InputDefaults(YamlMappingNode? inputs) =>
        inputs is null
            ? []
            : [.. inputs.Children.Select(pair => new KeyValuePair<string, string>(
                ((YamlScalarNode)pair.Key).Value ?? string.Empty,
                pair.Value is YamlMappingNode input ? Scalar(input, "default") ?? string.Empty : string.Empty))];

    private static List<CompositeStep> CompositeSteps(YamlMappingNode runs)
    {
        if (!runs.Children.TryGetValue(new YamlScalarNode("steps"), out var node) || node is not YamlSequenceNode steps)
        {
            throw new InvalidDataException("a composite action needs 'runs.steps:'");
        }
        var result = new List<CompositeStep>();
        foreach (var item in steps.Children)
        {
            if (item is not YamlMappingNode step)
            {
                throw new InvalidDataException("each composite step must be a mapping");
            }
            var run = Scalar(step, "run");
            var shell = Scalar(step, "shell");
            var uses = Scalar(step, "uses");
            if ((run is null) == (uses is null))
            {
                throw new InvalidDataException("each composite step needs exactly one of 'run:' and 'uses:'");
            }
            if (run is not null && shell is null)
            {
                throw new InvalidDataException("a composite 'run:' step must name its 'shell:'");
            }
            result.Add(new CompositeStep(Scalar(step, "id"), Scalar(step, "name"), run, shell, uses, Strings(Mapping(step, "with")), Strings(Mapping(step, "env"))));
        }
        return result;
    }

    private static Dictionary<string, string> Strings(YamlMappingNode? mapping) =>
        mapping?.Children.ToDictionary(
            pair => ((YamlScalarNode)pair.Key).Value ?? string.Empty,
            pair => (pair.Value as YamlScalarNode)?.Value ?? string.Empty,
            StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    private static YamlMappingNode? Mapping(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;
}
