using System.Globalization;
using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// "Set up job"'s action download, as ActionManager does it: each repository action is fetched as a tarball into
/// <c>_work/_actions/_temp_&lt;guid&gt;/&lt;guid&gt;.tar.gz</c>, extracted by <c>tar -xzf</c> (a worker child, in
/// <c>_staging</c>), its single top folder copied to <c>_actions/owner/repo/ref</c>, and the <c>ref.completed</c>
/// watermark written. An action already there (watermark present) is not fetched again.
/// </summary>
internal sealed class ActionManager(RunnerLayout layout, DiagLog log, ProcessInvoker invoker, JobMessage job)
{
    private const string Source = "ActionManager";
    private readonly Dictionary<ActionReference, ActionDefinition> _definitions = [];

    public ActionDefinition this[ActionReference action] => _definitions[action];

    public bool Has(ActionReference action) => _definitions.ContainsKey(action);

    /// <summary>Downloads the actions the job uses, with the actions their composite steps use, and reads their manifests.</summary>
    public async Task PrepareAsync(IEnumerable<ActionReference> actions, CancellationToken cancellationToken)
    {
        var pending = new Queue<ActionReference>(actions);
        while (pending.TryDequeue(out var action))
        {
            if (_definitions.ContainsKey(action))
            {
                continue;
            }
            await DownloadAsync(action, cancellationToken);
            var definition = Load(action);
            _definitions[action] = definition;
            if (definition is CompositeActionDefinition composite)
            {
                foreach (var uses in composite.Steps.Select(step => step.Uses).OfType<string>())
                {
                    pending.Enqueue(ActionReference.Parse(uses));
                }
            }
        }
    }

    private async Task DownloadAsync(ActionReference action, CancellationToken cancellationToken)
    {
        var destination = layout.ActionRoot(action);
        if (File.Exists(layout.ActionWatermark(action)))
        {
            log.Info(Source, $"Action '{action}' already downloaded at '{destination}'.");
            return;
        }
        var key = $"{action.NameWithOwner}@{action.Ref}";
        if (!job.ActionArchives.TryGetValue(key, out var source))
        {
            throw new InvalidDataException($"the job message has no archive for '{key}'");
        }

        if (Directory.Exists(destination))
        {
            Directory.Delete(destination, recursive: true);
        }
        Directory.CreateDirectory(destination);
        var temporary = Path.Combine(layout.Actions, $"_temp_{Guid.NewGuid()}");
        Directory.CreateDirectory(temporary);
        try
        {
            var archive = Path.Combine(temporary, $"{Guid.NewGuid()}.tar.gz");
            log.Info(Source, $"Save archive '{source}' into {archive}.");
            File.Copy(LocalPath(source), archive);
            var staging = Path.Combine(temporary, "_staging");
            Directory.CreateDirectory(staging);
            var tar = new ProcessSpec(Which.Find("tar"), $"-xzf \"{archive}\"", staging);
            var exitCode = await invoker.ExecuteAsync(tar, line => log.Info(Source, line), cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidDataException($"Can't use 'tar -xzf' extract archive file: {archive}. return code: {exitCode}.");
            }
            // A repository tarball from GitHub always holds one top folder (owner-repo-sha).
            var top = Directory.GetDirectories(staging);
            if (top.Length != 1)
            {
                throw new InvalidDataException($"'{source}' contains {top.Length} directories, not one");
            }
            CopyDirectory(top[0], destination);
            await MakeReadableAsync(destination, cancellationToken);
            File.WriteAllText(layout.ActionWatermark(action), DateTime.UtcNow.ToString(CultureInfo.InvariantCulture));
            log.Info(Source, "Finished getting action repository.");
        }
        finally
        {
            Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>
    /// Fake-only: the real worker's one chmod child is UnixUtil.ChmodAsync (<c>chmod &lt;mode&gt; "&lt;file&gt;"</c>, working
    /// directory the runner root). The fake runs it on each downloaded action so that runner housekeeping has a third
    /// kind of child besides tar and hashFiles.
    /// </summary>
    private async Task MakeReadableAsync(string directory, CancellationToken cancellationToken)
    {
        var chmod = new ProcessSpec(Which.Find("chmod"), $"-R a+rX \"{directory}\"", layout.Root);
        var exitCode = await invoker.ExecuteAsync(chmod, line => log.Info(Source, line), cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidDataException($"chmod of '{directory}' failed with exit code {exitCode}");
        }
    }

    private ActionDefinition Load(ActionReference action)
    {
        var directory = layout.ActionDirectory(action);
        var manifest = new[] { "action.yml", "action.yaml" }.Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists)
            ?? throw new InvalidDataException($"'{action}' has no action.yml in '{directory}'");
        log.Info(Source, $"Loading action manifest '{manifest}'");
        return ActionManifest.Parse(File.ReadAllText(manifest), action, directory, manifest);
    }

    private static string LocalPath(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : source;

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
