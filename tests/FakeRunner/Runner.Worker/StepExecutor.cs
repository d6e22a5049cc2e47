using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// Starts the process of a step: evaluates its values, builds its environment, writes its output to its page, and
/// turns its exit code into a result. Every process it starts is a direct child of the worker.
/// </summary>
internal sealed class StepExecutor(
    RunnerLayout layout,
    DiagLog log,
    JobMessage job,
    JobEnvironment environment,
    ProcessInvoker invoker,
    ActionManager actions,
    SecretMasker masker,
    IReadOnlyDictionary<string, string> workflowEnv)
{
    private const string Source = "StepsRunner";
    private readonly FileCommands _fileCommands = new(log);

    public async Task<TaskResult> RunScriptAsync(
        ExpressionEvaluator evaluator,
        StepIdentity identity,
        string script,
        string? shell,
        IReadOnlyDictionary<string, string> stepEnv,
        CancellationToken cancellationToken)
    {
        var text = await evaluator.EvaluateAsync(script);
        var files = FileCommandSet.Create(layout.FileCommands);
        var variables = environment.ForStep(identity, files, _fileCommands.Apply(workflowEnv), await evaluator.EvaluateAsync(stepEnv));
        return await RunProcessAsync(ScriptHandler.Prepare(layout, text, shell, environment.Workspace, variables), files, cancellationToken);
    }

    public async Task<TaskResult> RunNodeAsync(
        ExpressionEvaluator evaluator,
        StepIdentity identity,
        NodeActionDefinition action,
        string entryPoint,
        IReadOnlyDictionary<string, string> with,
        IReadOnlyDictionary<string, string> stepEnv,
        CancellationToken cancellationToken)
    {
        var inputs = await evaluator.EvaluateAsync(NodeHandler.MergeInputs(action, with));
        var files = FileCommandSet.Create(layout.FileCommands);
        var variables = environment.ForStep(identity, files, _fileCommands.Apply(workflowEnv), await evaluator.EvaluateAsync(stepEnv));
        var state = _fileCommands.StateVariables(identity.ContextName);
        foreach (var (name, value) in NodeHandler.InputVariables(inputs).Concat(NodeHandler.RuntimeVariables(job)).Concat(state))
        {
            variables[name] = value;
        }
        var result = await RunProcessAsync(NodeHandler.Prepare(layout, action, entryPoint, environment.Workspace, variables), files, cancellationToken);
        _fileCommands.CollectState(identity.ContextName, files);
        return result;
    }

    /// <summary>
    /// The steps of a composite action, each a direct child of the worker. Their identity is the composite's path only
    /// (GITHUB_ACTION_PATH): GITHUB_ACTION_REPOSITORY and GITHUB_ACTION_REF stay empty, as on the real runner
    /// (actions/runner#2473).
    /// </summary>
    public async Task<TaskResult> RunCompositeAsync(
        ExpressionEvaluator evaluator,
        CompositeActionDefinition action,
        IReadOnlyDictionary<string, string> with,
        IReadOnlyDictionary<string, string> stepEnv,
        CancellationToken cancellationToken)
    {
        var inner = evaluator.WithInputs(await evaluator.EvaluateAsync(NodeHandler.MergeInputs(action, with)));
        var names = new ContextNames();
        foreach (var step in action.Steps)
        {
            log.Info(Source, $"Processing embedded step: DisplayName='{step.Name ?? step.Run ?? step.Uses}'");
            var env = new Dictionary<string, string>(stepEnv, StringComparer.Ordinal);
            foreach (var (name, value) in step.Env)
            {
                env[name] = value;
            }
            TaskResult result;
            if (step.Run is { } run)
            {
                var identity = new StepIdentity(names.Next(step.Id, "__run"), ActionPath: action.Directory);
                result = await RunScriptAsync(inner, identity, run, step.Shell, env, cancellationToken);
            }
            else
            {
                var nested = actions[ActionReference.Parse(step.Uses!)];
                result = nested switch
                {
                    NodeActionDefinition node => await RunNodeAsync(
                        inner,
                        new StepIdentity(names.Next(step.Id, $"__{node.Reference.Owner}_{node.Reference.Repo}"), node.Reference.NameWithOwner, node.Reference.Ref, node.Directory),
                        node, node.Main, step.With, env, cancellationToken),
                    CompositeActionDefinition composite => await RunCompositeAsync(inner, composite, step.With, env, cancellationToken),
                    _ => throw new InvalidDataException($"'{step.Uses}' cannot run inside a composite action"),
                };
            }
            log.Info(Source, $"Step result: {result}");
            if (result is TaskResult.Failed or TaskResult.Canceled)
            {
                return result;
            }
        }
        return TaskResult.Succeeded;
    }

    /// <summary>A job hook: <c>bash -e &lt;path&gt;</c> (node for a .js file) in the workspace, with the job's contexts and file commands.</summary>
    public Task<TaskResult> RunHookAsync(string path, CancellationToken cancellationToken)
    {
        var files = FileCommandSet.Create(layout.FileCommands);
        var variables = environment.ForHook(files);
        var spec = path.EndsWith(".js", StringComparison.Ordinal)
            ? new ProcessSpec(layout.Node, $"\"{path}\"", environment.Workspace, variables)
            : new ProcessSpec(Which.Find("bash"), $"-e \"{path}\"", environment.Workspace, variables);
        return RunProcessAsync(spec, files, cancellationToken);
    }

    /// <summary>Runs one process with its output in its own page; its GITHUB_ENV and GITHUB_PATH count for the steps after it.</summary>
    private async Task<TaskResult> RunProcessAsync(ProcessSpec spec, FileCommandSet files, CancellationToken cancellationToken)
    {
        using var page = new StepLog(layout, job.JobId, masker);
        log.Info(Source, $"Step output page: {page.Path}");
        var exitCode = await invoker.ExecuteAsync(spec, page.WriteLine, cancellationToken);
        _fileCommands.Collect(files);
        if (exitCode == 0)
        {
            return TaskResult.Succeeded;
        }
        page.WriteLine($"##[error]Process completed with exit code {exitCode}.");
        return TaskResult.Failed;
    }
}
