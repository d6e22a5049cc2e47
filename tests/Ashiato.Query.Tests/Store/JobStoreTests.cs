using Ashiato.Query.Execution;
using Ashiato.Query.Loading;
using Ashiato.Query.Store;
using Ashiato.Tests.Shared;

namespace Ashiato.Query.Tests.Store;

/// <summary>A trace converted once into a job store answers every query as the trace itself does.</summary>
[Trait("Category", "unit")]
public sealed class JobStoreTests : IDisposable
{
    private readonly TestTrace _trace = new();

    [Fact]
    public void Every_table_reads_the_same_rows_from_the_store_as_from_the_trace()
    {
        var path = _trace.WriteGzip("job.jsonl.gz", [.. TestTrace.ActionJob(), .. EvidenceRecords()]);
        var store = _trace.PathOf("job.store");

        var manifest = JobStore.Build(new TraceInput(path, "job"), store);

        using var fromTrace = Sql.Open(path);
        using var fromStore = QuerySession.OpenStore(store);
        foreach (var table in JobStore.Tables)
        {
            var sql = $"SELECT * FROM {table} ORDER BY ALL";
            var expected = Sql.Rows(fromTrace, sql);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Sql.Rows(fromStore, sql));
            Assert.Equal(expected.Count, manifest.Tables[table]);
        }
        // Column types too: a query that casts or compares by type must not change meaning.
        Assert.Equal(Sql.Rows(fromTrace, "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_name <> 'events' ORDER BY ALL"),
            Sql.Rows(fromStore, "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_name <> 'events' ORDER BY ALL"));
        Assert.Equal([["data", "JSON"], ["job", "VARCHAR"], ["ts", "TIMESTAMP WITH TIME ZONE"], ["type", "VARCHAR"]],
            Sql.Rows(fromStore, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events' ORDER BY ALL"));
    }

    [Fact]
    public void The_documented_query_runs_verbatim_over_the_store_with_the_same_rows()
    {
        var path = _trace.WriteJsonl("attack.jsonl", TestTrace.ActionJob());
        var store = _trace.PathOf("attack.store");
        JobStore.Build(new TraceInput(path, "attack"), store);

        using var fromTrace = Sql.Open(path);
        using var fromStore = QuerySession.OpenStore(store);
        var expected = Sql.Rows(fromTrace, DocumentedQuery.RunnerWorkerMemory);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Sql.Rows(fromStore, DocumentedQuery.RunnerWorkerMemory));
    }

    [Fact]
    public void The_manifest_names_the_trace_it_was_built_from()
    {
        var path = _trace.WriteJsonl("job.jsonl", TestTrace.ActionJob());
        var store = _trace.PathOf("job.store");

        var manifest = JobStore.Build(new TraceInput(path, "job"), store);

        Assert.Equal(new FileInfo(path).Length, manifest.SourceBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), manifest.SourceSha256);
        Assert.Equal(TestTrace.ActionJob().Count, manifest.Tables[JobStore.EventsTable]);
        var read = JobStoreManifest.TryRead(store);
        Assert.NotNull(read);
        Assert.Equal((manifest.Format, manifest.Job, manifest.SourceBytes, manifest.SourceSha256, manifest.SkippedLines),
            (read.Format, read.Job, read.SourceBytes, read.SourceSha256, read.SkippedLines));
        Assert.Equal(manifest.Tables, read.Tables);
    }

    [Fact]
    public void A_store_built_again_replaces_the_old_one_whole()
    {
        var store = _trace.PathOf("job.store");
        JobStore.Build(new TraceInput(_trace.WriteJsonl("first.jsonl", TestTrace.ActionJob()), "job"), store);
        var shorter = TestTrace.ActionJob().Take(5).ToList();

        JobStore.Build(new TraceInput(_trace.WriteJsonl("second.jsonl", shorter), "job"), store);

        using var session = QuerySession.OpenStore(store);
        Assert.Equal([[shorter.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]], Sql.Rows(session, "SELECT count(*) FROM events"));
        // No staging folder is left beside it.
        Assert.Equal(["first.jsonl", "job.store", "second.jsonl"], Directory.GetFileSystemEntries(_trace.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_malformed_trace_leaves_no_store_and_says_which_line()
    {
        var path = _trace.WriteJsonl("bad.jsonl", [TestTrace.ActionJob()[0], "{\"type\":\"file_open\"", TestTrace.ActionJob()[1]]);
        var store = _trace.PathOf("bad.store");

        var error = Assert.Throws<MalformedTraceException>(() => JobStore.Build(new TraceInput(path, "bad"), store));

        Assert.Equal(2, error.Line);
        Assert.False(Directory.Exists(store));
        Assert.Single(Directory.GetFileSystemEntries(_trace.Directory));
    }

    [Fact]
    public void A_damaged_store_is_reported_once_with_what_to_do()
    {
        var store = _trace.PathOf("job.store");
        JobStore.Build(new TraceInput(_trace.WriteJsonl("job.jsonl", TestTrace.ActionJob()), "job"), store);
        var file = Path.Combine(store, "file_open.parquet");
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..40]);

        var error = Assert.Throws<JobStoreUnavailableException>(() => QuerySession.OpenStore(store));

        Assert.Contains("rebuild it from the trace", error.Message, StringComparison.Ordinal);
        Assert.Contains(store, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("manifest.json", "no manifest")]
    [InlineData("steps.parquet", "steps.parquet is missing")]
    public void An_incomplete_store_is_refused(string removed, string reason)
    {
        var store = _trace.PathOf("job.store");
        JobStore.Build(new TraceInput(_trace.WriteJsonl("job.jsonl", TestTrace.ActionJob()), "job"), store);
        File.Delete(Path.Combine(store, removed));

        var error = Assert.Throws<JobStoreUnavailableException>(() => QuerySession.OpenStore(store));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _trace.Dispose();

    /// <summary>A record of every evidence type, so every typed table of the store has rows.</summary>
    private static IEnumerable<string> EvidenceRecords() =>
    [
        $$"""{"type":"process_fork","timestamp":"{{TestTrace.Timestamp(30)}}","pid":1300,"ppid":1200,"comm":"bash"}""",
        $$"""{"type":"file_rename","timestamp":"{{TestTrace.Timestamp(31)}}","pid":1300,"comm":"bash","path":"/tmp/a","new_path":"/var/spool/cron/root"}""",
        $$"""{"type":"file_delete","timestamp":"{{TestTrace.Timestamp(32)}}","pid":1300,"comm":"rm","path":"/home/runner/.bash_history"}""",
        $$"""{"type":"file_chmod","timestamp":"{{TestTrace.Timestamp(33)}}","pid":1300,"comm":"chmod","path":"/tmp/sh","mode":"4755"}""",
        $$"""{"type":"process_access","timestamp":"{{TestTrace.Timestamp(34)}}","pid":1300,"comm":"gdb","target_pid":1200,"target_comm":"Runner.Worker","target_ppid":1100,"target_relation":"other","method":"ptrace_attach"}""",
        $$$"""{"type":"process_exec","timestamp":"{{{TestTrace.Timestamp(35)}}}","pid":1301,"ppid":1300,"comm":"node","filename":"/usr/bin/node","args":["node","x.js"],"env":{"NODE_OPTIONS":"--require /tmp/x.js"}}""",
    ];
}
