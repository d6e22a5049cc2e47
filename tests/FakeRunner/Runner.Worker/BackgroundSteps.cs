using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// Background steps, as BackgroundStepCoordinator runs them: started without waiting (at most 10 at once), joined by a
/// <c>wait</c> or <c>wait-all</c> step, cancelled by a <c>cancel</c> step (which gives them 7.5 s), and waited for in any
/// case before the post steps.
/// </summary>
internal sealed class BackgroundSteps(DiagLog log)
{
    private const string Source = "BackgroundStepCoordinator";
    private const int MaxConcurrent = 10;
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(7.5);
    private readonly SemaphoreSlim _slots = new(MaxConcurrent);
    private readonly Dictionary<string, (Task<TaskResult> Run, CancellationTokenSource Cancellation)> _steps = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _waited = new(StringComparer.OrdinalIgnoreCase);

    public void Start(string id, Func<CancellationToken, Task<TaskResult>> run, CancellationToken job)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(job);
        _steps[id] = (RunInSlotAsync(id, run, cancellation.Token), cancellation);
        log.Info(Source, $"Background step '{id}' queued (slot will be acquired asynchronously).");
    }

    public async Task<TaskResult> WaitAsync(IReadOnlyList<string> ids)
    {
        var result = TaskResult.Succeeded;
        foreach (var id in ids)
        {
            if (!_steps.TryGetValue(id, out var step))
            {
                log.Info(Source, $"Wait references unknown background step: {id}");
                continue;
            }
            var stepResult = await step.Run;
            _waited.Add(id);
            if (stepResult == TaskResult.Failed)
            {
                result = TaskResult.Failed;
            }
        }
        return result;
    }

    public Task<TaskResult> WaitAllAsync() => WaitAsync([.. _steps.Keys.Where(id => !_waited.Contains(id))]);

    public async Task CancelAsync(IReadOnlyList<string> ids)
    {
        var running = ids.Where(_steps.ContainsKey).Select(id => _steps[id]).Where(step => !step.Run.IsCompleted).ToList();
        log.Info(Source, $"Cancelling {running.Count} background step(s): {string.Join(", ", ids)}");
        foreach (var step in running)
        {
            await step.Cancellation.CancelAsync();
        }
        var all = Task.WhenAll(running.Select(step => step.Run));
        if (await Task.WhenAny(all, Task.Delay(CancelGrace)) != all)
        {
            log.Info(Source, $"Some background steps did not terminate within {CancelGrace.TotalSeconds}s grace period.");
        }
    }

    private async Task<TaskResult> RunInSlotAsync(string id, Func<CancellationToken, Task<TaskResult>> run, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return TaskResult.Canceled;
        }
        try
        {
            log.Info(Source, $"Background step '{id}' acquired slot.");
            var result = await run(cancellationToken);
            log.Info(Source, $"Background step '{id}' completed with result: {result}");
            return result;
        }
        finally
        {
            _slots.Release();
        }
    }
}
