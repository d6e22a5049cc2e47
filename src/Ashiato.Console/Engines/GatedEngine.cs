using Ashiato.Web.Backends;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace Ashiato.Web.Engines;

/// <summary>
/// Runs an engine's work behind its <see cref="IEngineGate"/> and remembers the outcome per input, failures included: a
/// stored trace never changes, so a trace that broke the rule pack's limits once would only break them again, and
/// three parallel views of such a job once got the server OOM-killed. Work cancelled by its caller is not remembered.
/// </summary>
public sealed class GatedEngine(IEngineGate gate, ILogger<GatedEngine> log) : IDisposable
{
    private static readonly TimeSpan SuccessKept = TimeSpan.FromHours(1);
    private static readonly TimeSpan FailureKept = TimeSpan.FromMinutes(30);

    private readonly MemoryCache _outcomes = new(new MemoryCacheOptions { SizeLimit = 1024 });

    /// <summary>
    /// A key naming <paramref name="work"/> over <paramref name="traces"/> as they are now: a streamed job's trace grows
    /// while its agent sends chunks, and an outcome remembered for the trace's first seconds must not answer for the
    /// whole job. A stored upload never changes, so its key stays the same.
    /// </summary>
    public static string KeyOf(string work, params IEnumerable<string> traces) =>
        work + string.Concat(traces.Select(path => $" {path}@{(File.Exists(path) ? new FileInfo(path).Length : -1)}"));

    /// <summary>
    /// The outcome of <paramref name="run"/> for <paramref name="key"/> (which names everything the work reads), run for
    /// <paramref name="org"/> when not known yet. Failures are <see cref="EngineUnavailableException"/>s.
    /// </summary>
    public async Task<T> RunAsync<T>(string org, string key, Func<CancellationToken, Task<T>> run, CancellationToken ct) where T : class
    {
        if (Known<T>(key) is { } known)
        {
            return known;
        }
        using (await gate.EnterAsync(org, ct))
        {
            // Someone else may have run it while this one waited.
            if (Known<T>(key) is { } meanwhile)
            {
                return meanwhile;
            }
            try
            {
                var result = await run(ct);
                Remember(key, result, SuccessKept);
                return result;
            }
            catch (EngineUnavailableException e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(e.InnerException ?? e, "engine run {Key} failed: {Reason}", key, e.Message);
                Remember(key, e, FailureKept);
                throw;
            }
        }
    }

    private T? Known<T>(string key) where T : class => _outcomes.TryGetValue(key, out var outcome) switch
    {
        false => null,
        _ when outcome is EngineUnavailableException failure => throw new EngineUnavailableException(failure.Message, failure.InnerException),
        _ => outcome as T,
    };

    private void Remember(string key, object outcome, TimeSpan kept) =>
        _outcomes.Set(key, outcome, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = kept });

    public void Dispose() => _outcomes.Dispose();
}

/// <summary>The gated, remembering engines of the server: the rule pack and the diff share one.</summary>
public sealed class EngineRuns(EngineGates gates, ILoggerFactory logs) : IDisposable
{
    public GatedEngine Analysis { get; } = new(gates.Analysis, logs.CreateLogger<GatedEngine>());

    public void Dispose() => Analysis.Dispose();
}
