using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Ashiato.Query.Execution;

namespace Ashiato.Query.Sandbox;

/// <summary>
/// The pool's handle on one worker process, good for one query. It sends the request, collects the streamed
/// result, kills the process on caller cancellation or when it overruns its deadline, and turns a dead worker into a
/// <see cref="QueryError"/>.
/// </summary>
public sealed class QueryWorker : IDisposable
{
    private const int StderrTailChars = 4096;

    private readonly Process _process;
    private readonly StringBuilder _stderrTail = new();
    private readonly Task<bool> _ready;
    private const int KilledByNobody = 0, KilledByCaller = 1, KilledAtDeadline = 2, KilledForGarbage = 3;

    private int _killedBy = KilledByNobody;
    private readonly List<string> _exposed = [];

    private QueryWorker(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => KeepStderr(e.Data);
        _process.BeginErrorReadLine();
        _ready = ReadReadyAsync();
    }

    public static QueryWorker Start(WorkerLaunch launch, ChildSpawner spawner) => new(spawner.Start(launch.StartInfo()));

    public int ProcessId => _process.Id;

    /// <summary>True once the worker said it is warm; false if it died first.</summary>
    public Task<bool> Ready => _ready;

    public async Task<QueryResult> RunAsync(WorkerRequest request, WorkerLaunch launch, TimeSpan killGrace, CancellationToken cancellationToken)
    {
        var limits = request.Limits;
        using var deadline = new CancellationTokenSource(limits.Timeout + killGrace);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var kill = stop.Token.Register(() => Kill(cancellationToken.IsCancellationRequested ? KilledByCaller : KilledAtDeadline));

        var columns = (IReadOnlyList<QueryColumn>)[];
        var rows = new List<IReadOnlyList<JsonElement>>();
        long loaded = 0;
        IReadOnlyList<string> warnings = [];
        try
        {
            if (!await _ready.WaitAsync(stop.Token))
            {
                throw new IOException("the worker exited before it was ready");
            }
            request = launch.Isolated ? ExposeTraces(request, launch) : request;
            await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(request, WorkerProtocol.Json).AsMemory(), stop.Token);
            await _process.StandardInput.FlushAsync(stop.Token);
            _process.StandardInput.Close();
            while (await _process.StandardOutput.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.StartsWith('['))
                {
                    rows.Add(ParseRow(line));
                    continue;
                }
                using var message = JsonDocument.Parse(line);
                var property = message.RootElement.EnumerateObject().First();
                switch (property.Name)
                {
                    case WorkerProtocol.Load:
                        var load = property.Value.Deserialize<WorkerLoad>(WorkerProtocol.Json)!;
                        (loaded, warnings) = (load.Rows, load.Warnings);
                        break;
                    case WorkerProtocol.Columns:
                        columns = property.Value.Deserialize<List<QueryColumn>>(WorkerProtocol.Json)!;
                        rows.Clear();
                        break;
                    case WorkerProtocol.Done:
                        var done = property.Value.Deserialize<WorkerDone>(WorkerProtocol.Json)!;
                        return new QueryResult(columns, rows, done.Truncated, done.ElapsedMs, loaded, warnings, null);
                    case WorkerProtocol.Error:
                        var error = property.Value.Deserialize<QueryError>(WorkerProtocol.Json)!;
                        return new QueryResult(columns, rows, false, 0, loaded, warnings, error);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or JsonException)
        {
            // The worker was killed (cancellation, deadline), died mid-write or wrote garbage: classified below.
            Kill(e is JsonException ? KilledForGarbage : KilledByNobody);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return new QueryResult(columns, rows, false, 0, loaded, warnings, await DescribeDeathAsync(limits));
    }

    /// <summary>
    /// Bind-mounts each trace into the isolated worker's namespace over an empty file of the working directory (named
    /// like the trace, so its compression is still recognised) and points the request there.
    /// </summary>
    private WorkerRequest ExposeTraces(WorkerRequest request, WorkerLaunch launch)
    {
        var sources = new List<Loading.TraceInput>();
        foreach (var (source, index) in request.Sources.Select((s, i) => (s, i)))
        {
            if (!File.Exists(source.Path))
            {
                sources.Add(source); // the worker reports it missing, as it would without isolation
                continue;
            }
            var target = Path.Combine(launch.WorkingDirectory, $"trace-{_process.Id}-{index}-{Path.GetFileName(source.Path)}");
            File.WriteAllBytes(target, []);
            _exposed.Add(target);
            WorkerIsolation.Expose(_process.Id, source.Path, target);
            sources.Add(source with { Path = target });
        }
        return request with { Sources = sources };
    }

    private async Task<QueryError> DescribeDeathAsync(QueryLimits limits)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(KilledAtDeadline);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        string stderr;
        lock (_stderrTail)
        {
            stderr = _stderrTail.ToString();
        }
        const int sigkill = 128 + 9, sigxcpu = 128 + 24;
        return (Volatile.Read(ref _killedBy), _process.ExitCode) switch
        {
            (KilledAtDeadline, _) => SandboxErrors.Timeout(limits),
            (KilledForGarbage, var code) => SandboxErrors.Crashed(code, "it wrote something that is not the worker protocol"),
            (_, sigxcpu) => SandboxErrors.Cpu(limits),
            _ when stderr.Contains("Stack overflow", StringComparison.Ordinal) => SandboxErrors.StackOverflow(),
            _ when stderr.Contains("OutOfMemory", StringComparison.Ordinal) || stderr.Contains("bad_alloc", StringComparison.Ordinal) => SandboxErrors.Memory(limits),
            (_, sigkill) => SandboxErrors.Cpu(limits), // RLIMIT_CPU's hard limit; nothing else here sends SIGKILL
            var (_, code) => SandboxErrors.Crashed(code, Summary(stderr)),
        };
    }

    private async Task<bool> ReadReadyAsync()
    {
        try
        {
            var line = await _process.StandardOutput.ReadLineAsync();
            return line is not null && line.Contains($"\"{WorkerProtocol.Ready}\"", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static IReadOnlyList<JsonElement> ParseRow(string line)
    {
        using var document = JsonDocument.Parse(line);
        var row = document.RootElement.Clone();
        return [.. row.EnumerateArray()];
    }

    private void KeepStderr(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_stderrTail)
        {
            _stderrTail.AppendLine(line);
            if (_stderrTail.Length > StderrTailChars)
            {
                _stderrTail.Remove(0, _stderrTail.Length - StderrTailChars);
            }
        }
    }

    /// <summary>The line that says what went wrong: .NET's "Unhandled exception." line, else the last one.</summary>
    private static string? Summary(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.StartsWith("Unhandled exception.", StringComparison.Ordinal)) ?? lines.LastOrDefault();
    }

    private void Kill(int reason)
    {
        Interlocked.CompareExchange(ref _killedBy, reason, 0);
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill(KilledByNobody);
        }
        _process.Dispose();
        // The bind mounts went with the worker's namespace; these are the empty files under them.
        foreach (var placeholder in _exposed)
        {
            File.Delete(placeholder);
        }
    }
}
