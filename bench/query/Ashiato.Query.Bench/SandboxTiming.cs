using System.Diagnostics;
using System.Globalization;
using Ashiato.Query.Execution;
using Ashiato.Query.Loading;
using Ashiato.Query.Sandbox;

namespace Ashiato.Query.Bench;

/// <summary>
/// Times a sandboxed query end to end (RunAsync on a warm pool, as a console request sees it) against the same load
/// and query in process, and prints medians.
/// </summary>
public static class SandboxTiming
{
    public static async Task<int> RunAsync(string path, string sql, int runs)
    {
        var inProcess = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            using (var session = QuerySession.Open([TraceInput.ForPath(path)], skipBadLines: false))
            {
                session.Run(sql, new DiscardingSink(), new QueryOptions(10_000));
            }
            inProcess.Add(clock.Elapsed.TotalMilliseconds);
        }

        using var sandbox = new QuerySandbox(new QuerySandboxOptions { PoolSize = 2 });
        // Same threads as in process, to isolate the sandbox's own cost; then the console's default of one thread.
        var sameThreads = await TimeSandboxAsync(sandbox, path, sql, runs, new QueryLimits { Threads = Environment.ProcessorCount });
        var oneThread = await TimeSandboxAsync(sandbox, path, sql, runs, new QueryLimits());
        if (sameThreads is null || oneThread is null)
        {
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in-process load+query median {Median(inProcess):0.0} ms; sandboxed RunAsync median {Median(sameThreads):0.0} ms with {Environment.ProcessorCount} threads (overhead {Median(sameThreads) - Median(inProcess):0.0} ms), {Median(oneThread):0.0} ms with the default 1 thread (min {oneThread.Min():0.0}, max {oneThread.Max():0.0}); {runs} runs each"));
        return 0;
    }

    private static async Task<List<double>?> TimeSandboxAsync(QuerySandbox sandbox, string path, string sql, int runs, QueryLimits limits)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            // Give the replacement worker time to warm up, as between two clicks on Run.
            await Task.Delay(1500);
            var clock = Stopwatch.StartNew();
            var result = await sandbox.RunAsync(path, sql, limits);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (result.Error is not null)
            {
                Console.Error.WriteLine(result.Error.Message);
                return null;
            }
        }
        return times;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private sealed class DiscardingSink : IResultSink
    {
        public void BeginResult(IReadOnlyList<QueryColumn> columns)
        {
        }

        public bool WriteRow(IReadOnlyList<object?> values) => true;

        public void EndResult(ResultSummary summary)
        {
        }
    }
}
