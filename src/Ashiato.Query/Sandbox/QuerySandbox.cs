using System.Collections.Concurrent;
using Ashiato.Query.Loading;

namespace Ashiato.Query.Sandbox;

/// <summary>
/// Runs untrusted DuckDB SQL over traces, one query per worker process from a pool of pre-started, warm workers.
/// Each query gets a fresh in-memory database, the trace loaded by <see cref="TraceLoader"/>, the
/// <see cref="SandboxLockdown"/>, OS memory and CPU caps, a deadline, and a row and byte cap. A worker that crashes or
/// is killed becomes a <see cref="Execution.QueryError"/> and a fresh worker takes its place. Create one per
/// application and dispose it at shutdown; <see cref="RunAsync(string, string, QueryLimits?, CancellationToken)"/> is
/// safe to call concurrently.
/// </summary>
public sealed class QuerySandbox : IDisposable
{
    private readonly QuerySandboxOptions _options;
    private readonly WorkerLaunch _launch;
    private readonly ConcurrentQueue<QueryWorker> _idle = new();
    private readonly SemaphoreSlim _running;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ChildSpawner _spawner = new();

    public QuerySandbox(QuerySandboxOptions? options = null)
    {
        _options = options ?? new QuerySandboxOptions();
        var workingDirectory = Directory.CreateTempSubdirectory("ashiato-query-").FullName;
        var isolated = _options.Isolate && WorkerIsolation.IsAvailable;
        if (isolated && !OperatingSystem.IsWindows())
        {
            // Isolated workers (nobody) write their warm-up file here and reach their bind-mounted traces, but cannot
            // list the directory or remove another worker's files (sticky).
            File.SetUnixFileMode(workingDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.StickyBit);
        }
        _launch = new WorkerLaunch(_options.WorkerPath, workingDirectory, isolated);
        _running = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentQueries));
        for (var i = 0; i < _options.PoolSize; i++)
        {
            _idle.Enqueue(QueryWorker.Start(_launch, _spawner));
        }
    }

    /// <summary>Runs <paramref name="sql"/> over one trace file (<c>.jsonl.gz</c> or <c>.jsonl</c>).</summary>
    public Task<QueryResult> RunAsync(string tracePath, string sql, QueryLimits? limits = null, CancellationToken cancellationToken = default) =>
        RunAsync([TraceInput.ForPath(tracePath)], sql, limits, cancellationToken);

    /// <summary>
    /// Runs <paramref name="sql"/> over several traces (their rows differ in the <c>job</c> column), e.g. a job and its
    /// baseline runs. Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires; every
    /// other failure comes back in <see cref="QueryResult.Error"/>.
    /// </summary>
    public async Task<QueryResult> RunAsync(IReadOnlyList<TraceInput> sources, string sql, QueryLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (sources.Any(s => s.Path == "-"))
        {
            throw new ArgumentException("the sandbox reads trace files, not stdin", nameof(sources));
        }
        // Workers run in their own directory, so relative paths are resolved here.
        var request = new WorkerRequest([.. sources.Select(s => s with { Path = Path.GetFullPath(s.Path) })], sql, limits ?? new QueryLimits());
        await _running.WaitAsync(cancellationToken);
        try
        {
            using var worker = TakeWorker();
            return await worker.RunAsync(request, _launch, _options.KillGrace, cancellationToken);
        }
        finally
        {
            _running.Release();
            // The replacement starts once this query is done: its warm-up would otherwise compete with the query for CPU.
            StartReplacement();
        }
    }

    /// <summary>Takes a warm worker if one is waiting, else starts one.</summary>
    private QueryWorker TakeWorker() => _idle.TryDequeue(out var worker) ? worker : QueryWorker.Start(_launch, _spawner);

    private void StartReplacement() =>
        _ = Task.Run(() =>
        {
            // A worker started on demand during a burst is not replaced beyond the pool size.
            if (_disposed.IsCancellationRequested || _idle.Count >= _options.PoolSize)
            {
                return;
            }
            _idle.Enqueue(QueryWorker.Start(_launch, _spawner));
            if (_disposed.IsCancellationRequested)
            {
                DisposeIdleWorkers(); // Dispose ran while this worker was starting.
            }
        });

    private void DisposeIdleWorkers()
    {
        while (_idle.TryDequeue(out var worker))
        {
            worker.Dispose();
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        DisposeIdleWorkers();
        try
        {
            Directory.Delete(_launch.WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A worker still exiting may hold it for a moment; the directory is empty either way.
        }
        _disposed.Dispose();
        _running.Dispose();
        _spawner.Dispose();
    }
}
