using Ashiato.Query.Execution;
using Xunit.Abstractions;
using static Ashiato.Query.Tests.EscapeAttempt;

namespace Ashiato.Query.Tests;

/// <summary>
/// Every attempt runs in a sandbox worker (never in this process: F3 and F4 kill the process they run in), and the next
/// query must still work and see the trace intact.
/// </summary>
[Trait("Category", "unit")]
public sealed class SandboxEscapeTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    private const string FilesDisabled = "Permission Error";
    private const string Locked = "configuration has been locked";

    private static readonly EscapeAttempt[] Attempts =
    [
        Blocked("read_csv of /etc/passwd", "SELECT * FROM read_csv('/etc/passwd')", FilesDisabled),
        Blocked("read_text of a secret", "SELECT content FROM read_text('{dir}/secret.txt')", FilesDisabled),
        Blocked("read_blob of the worker's environment", "SELECT content FROM read_blob('/proc/self/environ')", FilesDisabled),
        Blocked("read_json of another job's trace", "SELECT * FROM read_json('{dir}/other-job.jsonl')", FilesDisabled),
        Blocked("read_ndjson_objects of another job's trace", "SELECT * FROM read_ndjson_objects('{dir}/other-job.jsonl')", FilesDisabled),
        Blocked("glob of a folder", "SELECT * FROM glob('{dir}/*')", FilesDisabled),
        Blocked("replacement scan of a file path", "SELECT * FROM '{dir}/secret.txt'", FilesDisabled, "does not exist"),
        new("COPY TO a file", "COPY (SELECT * FROM events) TO '{dir}/leak.csv'", [FilesDisabled], [], MustNotExist: "{dir}/leak.csv"),
        new("COPY TO the temp directory (F1)", "COPY (SELECT * FROM events) TO '.tmp/leak.csv'", [FilesDisabled], []),
        Blocked("COPY TO stdout", "COPY (SELECT * FROM events) TO '/dev/stdout'", FilesDisabled),
        new("EXPORT DATABASE", "EXPORT DATABASE '{dir}/export'", [FilesDisabled], [], MustNotExist: "{dir}/export"),
        new("ATTACH a database file", "ATTACH '{dir}/stolen.duckdb' AS stolen", [FilesDisabled], [], MustNotExist: "{dir}/stolen.duckdb"),
        new("DETACH then re-ATTACH", "DETACH DATABASE memory; ATTACH '{dir}/job.duckdb' AS memory", ["Binder Error", FilesDisabled, "Cannot detach"], [], MustNotExist: "{dir}/job.duckdb"),
        Blocked("INSTALL an extension", "INSTALL httpfs", FilesDisabled, Locked, "disabled"),
        Blocked("LOAD an extension", "LOAD httpfs", FilesDisabled, Locked, "disabled"),
        Blocked("LOAD an extension file", "LOAD '{dir}/evil.duckdb_extension'", FilesDisabled, "disabled"),
        Blocked("SET enable_external_access", "SET enable_external_access = true", Locked),
        Blocked("RESET enable_external_access", "RESET enable_external_access", Locked),
        Blocked("SET memory_limit", "SET memory_limit = '100GB'", Locked),
        Blocked("PRAGMA threads", "PRAGMA threads = 64", Locked),
        Blocked("SET lock_configuration", "SET lock_configuration = false", Locked),
        Blocked("SET temp_directory", "SET temp_directory = '{dir}'", Locked),
        Blocked("http(s) URL", "SELECT * FROM read_json('https://127.0.0.1:9/x.json')", FilesDisabled, "disabled"),
        Blocked("s3 URL", "SELECT * FROM read_parquet('s3://ashiato-test/x.parquet')", FilesDisabled, "disabled"),
        Blocked("CREATE PERSISTENT SECRET", "CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", FilesDisabled, "Invalid Input", "Secret", "disabled"),
        new("enable_logging to a file (F3)", "CALL enable_logging(storage='file', storage_path='{dir}/log'); SELECT count(*) FROM events",
            [FilesDisabled], [QueryErrorKind.WorkerCrashed], MustNotExist: "{dir}/log", HarmlessIfSucceeds: true),
        new("enable_logging into an existing folder (F3)", "CALL enable_logging(storage='file', storage_path='{dir}'); SELECT count(*) FROM events",
            [FilesDisabled], [QueryErrorKind.WorkerCrashed], HarmlessIfSucceeds: true),
        Contained("deeply nested JSON (F4)", "SELECT json_structure(repeat('[', 80000) || repeat(']', 80000))", QueryErrorKind.WorkerCrashed),
        Contained("memory bomb: a huge string", "SELECT length(repeat('x', 3000000000))", QueryErrorKind.ResourceLimit, QueryErrorKind.WorkerCrashed),
        Contained("memory bomb: a huge sort", "SELECT * FROM range(300000000) ORDER BY random() LIMIT 1", QueryErrorKind.ResourceLimit, QueryErrorKind.Timeout),
        Contained("endless cross join", "SELECT count(*) FROM range(1000000000) a, range(1000000000) b", QueryErrorKind.Timeout),
        Contained("endless recursive CTE", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", QueryErrorKind.Timeout, QueryErrorKind.ResourceLimit),
        new("DROP TABLE events", "DROP TABLE events", [], [], HarmlessIfSucceeds: true),
    ];

    public static TheoryData<string> Names => [.. Attempts.Select(a => a.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task An_escape_attempt_is_blocked_or_contained_and_the_next_query_works(string name)
    {
        var attempt = Attempts.Single(a => a.Name == name);
        var dir = fixture.Trace.Directory;
        File.WriteAllText(Path.Combine(dir, "secret.txt"), "hunter2\n");
        fixture.Trace.WriteJsonl("other-job.jsonl", TestTrace.NormalJob());

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await fixture.Sandbox.RunAsync(fixture.JobPath, attempt.Sql.Replace("{dir}", dir), SandboxFixture.Tight);

        output.WriteLine($"{name}: {(result.Error is null ? "succeeded" : $"{result.Error.Kind}: {result.Error.Message}")} ({clock.ElapsedMilliseconds} ms)");
        attempt.Check(result, dir);
        Assert.DoesNotContain("hunter2", string.Concat(result.Rows.SelectMany(r => r).Select(v => v.GetRawText())));
        var next = await fixture.Sandbox.RunAsync(fixture.JobPath, "SELECT count(*) FROM events WHERE type = 'file_open'");
        Assert.Null(next.Error);
        Assert.Equal(6, next.Rows.Single()[0].GetInt64());
    }

    [Fact]
    public void The_table_holds_at_least_twenty_attempts_covering_the_issue()
    {
        Assert.True(Attempts.Length >= 20);
        foreach (var needle in new[] { "read_csv", "read_text", "read_json", "glob", "COPY", "EXPORT DATABASE", "ATTACH", "DETACH", "INSTALL", "LOAD", "SET ", "RESET", "PRAGMA", "https://", "s3://", "enable_logging", "repeat('['" })
        {
            Assert.Contains(Attempts, a => a.Sql.Contains(needle, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_crash_and_a_timeout_say_what_happened()
    {
        var crash = await fixture.Sandbox.RunAsync(fixture.JobPath, "SELECT json_structure(repeat('[', 80000) || repeat(']', 80000))", SandboxFixture.Tight);
        Assert.Equal(QueryErrorKind.WorkerCrashed, crash.Error?.Kind);
        Assert.Contains("stack overflow", crash.Error?.Message);

        var timeout = await fixture.Sandbox.RunAsync(fixture.JobPath, "SELECT sum(range) FROM range(1000000000000)", SandboxFixture.Tight);
        Assert.Equal("the query ran longer than its 3 s limit and was stopped", timeout.Error?.Message);
    }
}
