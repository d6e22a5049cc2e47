namespace FakeRunner.Protocol;

/// <summary>
/// Where things live under a runner's root, as in a real actions-runner directory: <c>bin/</c>, <c>externals/</c>,
/// <c>_diag/</c>, <c>_work/</c> and the configuration files.
/// </summary>
public sealed record RunnerLayout(string Root)
{
    /// <summary>The node the runner ships for actions that say <c>using: node20</c>, and uses for its own helpers.</summary>
    public const string NodeVersion = "node20";

    /// <summary>The runtimes the fake ships under <c>externals/</c> (the machine's node linked under each name).</summary>
    public static readonly IReadOnlyList<string> NodeVersions = [NodeVersion, "node24"];

    public const string WorkFolder = "_work";

    public string Bin => Path.Combine(Root, "bin");

    public string ListenerExecutable => Path.Combine(Bin, "Runner.Listener");

    public string WorkerExecutable => Path.Combine(Bin, "Runner.Worker");

    /// <summary>The runner's hashFiles() helper: a directory node runs as a module (its index.js).</summary>
    public string HashFiles => Path.Combine(Bin, "hashFiles");

    public string Externals => Path.Combine(Root, "externals");

    public string Node => NodeFor(NodeVersion);

    /// <summary><c>externals/&lt;version&gt;/bin/node</c>: the node that runs actions saying <c>using: &lt;version&gt;</c>.</summary>
    public string NodeFor(string version) => Path.Combine(Externals, version, "bin", "node");

    public string Diag => Path.Combine(Root, "_diag");

    /// <summary>Step output, one page file per step, as the real runner buffers it before upload.</summary>
    public string Pages => Path.Combine(Diag, "pages");

    public string SettingsFile => Path.Combine(Root, ".runner");

    public string CredentialsFile => Path.Combine(Root, ".credentials");

    public string RsaParametersFile => Path.Combine(Root, ".credentials_rsaparams");

    public string EnvFile => Path.Combine(Root, ".env");

    public string PathFile => Path.Combine(Root, ".path");

    public string Work => Path.Combine(Root, WorkFolder);

    public string Temp => Path.Combine(Work, "_temp");

    public string FileCommands => Path.Combine(Temp, "_runner_file_commands");

    public string WorkflowEventFile => Path.Combine(Temp, "_github_workflow", "event.json");

    public string Actions => Path.Combine(Work, "_actions");

    public string ToolCache => Path.Combine(Work, "_tool");

    /// <summary><c>_work/_actions/owner/repo/ref</c>: where a downloaded action lives.</summary>
    public string ActionRoot(ActionReference action) => Path.Combine(Actions, action.Owner, action.Repo, action.Ref);

    /// <summary>The folder of the action's manifest: the root, or <c>path</c> inside it.</summary>
    public string ActionDirectory(ActionReference action) =>
        action.Path is null ? ActionRoot(action) : Path.Combine(ActionRoot(action), action.Path);

    /// <summary>The file whose presence says the download finished (ActionManager's watermark).</summary>
    public string ActionWatermark(ActionReference action) => ActionRoot(action) + ".completed";

    /// <summary>RUNNER_WORKSPACE: <c>_work/repo</c>.</summary>
    public string RunnerWorkspace(GitHubRun run) => Path.Combine(Work, run.Name);

    /// <summary>GITHUB_WORKSPACE, the steps' working directory: <c>_work/repo/repo</c>.</summary>
    public string Workspace(GitHubRun run) => Path.Combine(Work, run.Name, run.Name);

    /// <summary>The layout of the runner whose <c>bin/</c> holds the running executable.</summary>
    public static RunnerLayout OfRunningExecutable() =>
        new(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!);
}
