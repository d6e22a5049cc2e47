using System.ComponentModel;
using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// One job, in the real worker's order: Set up job (RUNNER_TRACKING_ID, temp folder, action downloads), the job-started
/// hook, pre steps, main steps (some in the background), the post steps last-in first-out, the job-completed hook, and
/// Complete job (orphan cleanup). Main steps run while the job is succeeding; posts and hooks always run.
/// </summary>
internal sealed class JobRunner(RunnerLayout layout, DiagLog log, JobMessage job, SecretMasker masker)
{
    private const string Source = "JobRunner";
    private const string StepsSource = "StepsRunner";
    private const string JobStartedHook = "ACTIONS_RUNNER_HOOK_JOB_STARTED";
    private const string JobCompletedHook = "ACTIONS_RUNNER_HOOK_JOB_COMPLETED";

    public async Task<TaskResult> RunAsync(CancellationToken jobCancellation)
    {
        var settings = RunnerSettings.Load(layout.SettingsFile);
        var trackingId = $"github_{Guid.NewGuid()}";
        // Set on the worker itself, so every process it starts (steps, hooks, tar, node hashFiles) inherits it.
        Environment.SetEnvironmentVariable(OrphanCleanup.TrackingIdVariable, trackingId);
        log.Info("JobExtension", "Collect running processes for tracking orphan processes.");
        var existing = OrphanCleanup.Snapshot();

        var environment = new JobEnvironment(layout, settings, job);
        PrepareDirectories(environment.Workspace);
        var invoker = new ProcessInvoker(log, job.Timeouts);
        var hashFiles = new HashFilesRunner(layout, log, invoker, environment.Workspace);
        var evaluator = new ExpressionEvaluator(job.Secrets, environment.Contexts, patterns => hashFiles.RunAsync(patterns, jobCancellation));
        var actions = new ActionManager(layout, log, invoker, job);
        var plan = JobPlan.Build(job.Steps);
        var result = TaskResult.Succeeded;

        log.Info(StepsSource, "Processing step: DisplayName='Set up job'");
        IReadOnlyDictionary<string, string> workflowEnv = new Dictionary<string, string>();
        try
        {
            workflowEnv = await evaluator.EvaluateAsync(job.Env);
            await actions.PrepareAsync(plan.Select(step => step.Action).OfType<ActionReference>(), jobCancellation);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or OperationCanceledException or Win32Exception)
        {
            log.Error(Source, $"Set up job failed: {e.Message}");
            result = jobCancellation.IsCancellationRequested ? TaskResult.Canceled : TaskResult.Failed;
        }
        var executor = new StepExecutor(layout, log, job, environment, invoker, actions, masker, workflowEnv);
        var run = new Steps(log, actions, executor, evaluator, jobCancellation);

        if (result == TaskResult.Succeeded)
        {
            result = await run.HookAsync("Set up runner", JobStartedHook);
        }
        result = await run.PreAndMainAsync(plan, result);
        result = TaskResults.Merge(result, await run.PostsAsync());
        result = TaskResults.Merge(result, await run.HookAsync("Complete runner", JobCompletedHook));

        log.Info(StepsSource, "Processing step: DisplayName='Complete job'");
        OrphanCleanup.Run(existing, trackingId, log);
        return result;
    }

    private void PrepareDirectories(string workspace)
    {
        if (Directory.Exists(layout.Temp))
        {
            log.Info(Source, $"Cleaning runner temp folder: {layout.Temp}");
            Directory.Delete(layout.Temp, recursive: true);
        }
        Directory.CreateDirectory(layout.FileCommands);
        Directory.CreateDirectory(Path.GetDirectoryName(layout.WorkflowEventFile)!);
        File.WriteAllText(layout.WorkflowEventFile, ProtocolJson.Serialize(new
        {
            @ref = job.Run.Ref,
            after = job.Run.Sha,
            repository = new { full_name = job.Run.Repository, name = job.Run.Name, owner = new { login = job.Run.Owner } },
        }));
        Directory.CreateDirectory(workspace);
        Directory.CreateDirectory(layout.ToolCache);
    }

    /// <summary>The step loop of one job: which steps run, in which order, with which cancellation.</summary>
    private sealed class Steps(DiagLog log, ActionManager actions, StepExecutor executor, ExpressionEvaluator evaluator, CancellationToken jobCancellation)
    {
        private readonly Stack<PlannedStep> _posts = new();
        private readonly HashSet<string> _postsRegistered = new(StringComparer.Ordinal);
        private readonly BackgroundSteps _background = new(log);

        public async Task<TaskResult> HookAsync(string displayName, string variable)
        {
            var path = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(path))
            {
                return TaskResult.Succeeded;
            }
            // Hooks are synchronous and cannot be cancelled from the job; a failing job-started hook fails the job.
            return await StageAsync(displayName, () => File.Exists(path)
                ? executor.RunHookAsync(path, CancellationToken.None)
                : throw new InvalidDataException($"{variable} names '{path}', which does not exist"), CancellationToken.None);
        }

        public async Task<TaskResult> PreAndMainAsync(IReadOnlyList<PlannedStep> plan, TaskResult result)
        {
            foreach (var planned in plan)
            {
                if (planned is { Step: ActionStep step, Action: { } action } && actions.Has(action) && actions[action] is NodeActionDefinition { Pre: not null } && result == TaskResult.Succeeded && !jobCancellation.IsCancellationRequested)
                {
                    RegisterPost(planned);
                    result = TaskResults.Merge(result, await StageAsync($"Pre {planned.DisplayName}", () => RunActionAsync(planned, step, ActionStage.Pre, jobCancellation), jobCancellation));
                }
            }

            foreach (var planned in plan)
            {
                if (result is not (TaskResult.Succeeded or TaskResult.SucceededWithIssues) || jobCancellation.IsCancellationRequested)
                {
                    log.Info(StepsSource, $"Skipping step '{planned.DisplayName}' due to condition evaluation.");
                    continue;
                }
                switch (planned.Step)
                {
                    case ProcessStep { Background: true }:
                        RegisterPost(planned);
                        log.Info(StepsSource, $"Processing step: DisplayName='{planned.DisplayName}' (background)");
                        _background.Start(planned.ContextName, cancellation => MainAsync(planned, cancellation), jobCancellation);
                        break;
                    case ProcessStep:
                        RegisterPost(planned);
                        result = TaskResults.Merge(result, await MainAsync(planned, jobCancellation));
                        break;
                    case WaitStep wait:
                        result = TaskResults.Merge(result, await _background.WaitAsync(wait.Steps));
                        break;
                    case WaitAllStep:
                        result = TaskResults.Merge(result, await _background.WaitAllAsync());
                        break;
                    case CancelStep cancel:
                        await _background.CancelAsync(cancel.Steps);
                        break;
                }
            }
            // The safety net before the post steps: background steps nobody waited for.
            return TaskResults.Merge(result, await _background.WaitAllAsync());
        }

        public async Task<TaskResult> PostsAsync()
        {
            var result = TaskResult.Succeeded;
            while (_posts.TryPop(out var planned))
            {
                result = TaskResults.Merge(result, await StageAsync($"Post {planned.DisplayName}", () => RunActionAsync(planned, (ActionStep)planned.Step, ActionStage.Post, CancellationToken.None), CancellationToken.None));
            }
            return result;
        }

        private void RegisterPost(PlannedStep planned)
        {
            if (planned.Action is { } action && actions.Has(action) && actions[action] is NodeActionDefinition { Post: not null } && _postsRegistered.Add(planned.ContextName))
            {
                _posts.Push(planned);
            }
        }

        private async Task<TaskResult> MainAsync(PlannedStep planned, CancellationToken cancellation)
        {
            var step = (ProcessStep)planned.Step;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            if (step.TimeoutMinutes is { } minutes)
            {
                timeout.CancelAfter(TimeSpan.FromMinutes(minutes));
            }
            return await StageAsync(planned.DisplayName, () => step switch
            {
                RunStep run => executor.RunScriptAsync(evaluator, new StepIdentity(planned.ContextName), run.Run, run.Shell, run.Env, timeout.Token),
                ActionStep action => RunActionAsync(planned, action, ActionStage.Main, timeout.Token),
                _ => throw new InvalidOperationException($"not a process step: {step}"),
            }, cancellation);
        }

        private Task<TaskResult> RunActionAsync(PlannedStep planned, ActionStep step, ActionStage stage, CancellationToken cancellation) =>
            actions[planned.Action!] switch
            {
                NodeActionDefinition node => executor.RunNodeAsync(
                    evaluator,
                    new StepIdentity(planned.ContextName, node.Reference.NameWithOwner, node.Reference.Ref, node.Directory),
                    node,
                    stage switch { ActionStage.Pre => node.Pre!, ActionStage.Post => node.Post!, _ => node.Main },
                    step.With,
                    step.Env,
                    cancellation),
                CompositeActionDefinition composite => executor.RunCompositeAsync(evaluator, composite, step.With, step.Env, cancellation),
                var other => throw new InvalidDataException($"'{other.Reference}' cannot run"),
            };

        /// <summary>Runs one step and logs it as StepsRunner does; a timeout fails it, a job cancellation cancels it.</summary>
        private async Task<TaskResult> StageAsync(string displayName, Func<Task<TaskResult>> run, CancellationToken outer)
        {
            log.Info(StepsSource, $"Processing step: DisplayName='{displayName}'");
            TaskResult result;
            try
            {
                result = await run();
            }
            catch (OperationCanceledException) when (!outer.IsCancellationRequested)
            {
                log.Error(StepsSource, "The action has timed out.");
                result = TaskResult.Failed;
            }
            catch (OperationCanceledException)
            {
                result = TaskResult.Canceled;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or Win32Exception)
            {
                log.Error(StepsSource, e.Message);
                result = TaskResult.Failed;
            }
            log.Info(StepsSource, $"Step result: {result}");
            return result;
        }
    }

    private enum ActionStage
    {
        Pre,
        Main,
        Post,
    }
}
