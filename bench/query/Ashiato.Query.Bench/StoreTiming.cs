using System.Diagnostics;
using Ashiato.Query.Execution;
using Ashiato.Query.Loading;
using Ashiato.Query.Store;

namespace Ashiato.Query.Bench;

/// <summary>
/// The job store against the trace it was built from, in process: building the store once, then one query as the
/// console answers it today (load the gzip trace, run the SQL), over a freshly attached store (a cold page: attach,
/// run), and over a store already attached (a warm worker).
/// </summary>
internal static class StoreTiming
{
    public static int Run(string tracePath, string sql, int runs)
    {
        var store = Path.Combine(Path.GetTempPath(), $"ashiato-bench-store-{Environment.ProcessId}");
        try
        {
            var build = Stopwatch.StartNew();
            var manifest = JobStore.Build(TraceInput.ForPath(tracePath), store);
            build.Stop();
            var storeBytes = Directory.EnumerateFiles(store).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"build: {build.ElapsedMilliseconds} ms for {manifest.Tables[JobStore.EventsTable]} events; " +
                $"trace {manifest.SourceBytes} bytes, store {storeBytes} bytes");

            var rows = new HashSet<long>();
            var fromTrace = Median(runs, () =>
            {
                using var session = QuerySession.Open([TraceInput.ForPath(tracePath)], skipBadLines: false);
                rows.Add(Count(session, sql));
            });
            var coldStore = Median(runs, () =>
            {
                using var session = QuerySession.OpenStore(store);
                rows.Add(Count(session, sql));
            });
            using var warm = QuerySession.OpenStore(store);
            Count(warm, sql);
            var warmStore = Median(runs, () => rows.Add(Count(warm, sql)));
            if (rows.Count != 1)
            {
                Console.Error.WriteLine($"the answers differ: {string.Join(", ", rows)} rows");
                return 1;
            }
            Console.WriteLine($"rows {rows.Single()}; medians of {runs}: load trace + query {fromTrace:F1} ms; " +
                $"attach store + query {coldStore:F1} ms; attached store, query {warmStore:F1} ms");
            return 0;
        }
        finally
        {
            if (Directory.Exists(store))
            {
                Directory.Delete(store, recursive: true);
            }
        }
    }

    private static long Count(QuerySession session, string sql)
    {
        var sink = new CountingSink();
        session.Run(sql, sink, new QueryOptions());
        return sink.Rows;
    }

    private static double Median(int runs, Action action)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private sealed class CountingSink : IResultSink
    {
        public long Rows { get; private set; }

        public void BeginResult(IReadOnlyList<QueryColumn> columns) => Rows = 0;

        public bool WriteRow(IReadOnlyList<object?> values)
        {
            Rows++;
            return true;
        }

        public void EndResult(ResultSummary summary)
        {
        }
    }
}
