using System.Diagnostics;
using System.Text.Json;
using Ashiato.Query.Execution;
using Ashiato.Query.Sandbox;

namespace Ashiato.Query.Tests;

[Trait("Category", "unit")]
public sealed class SandboxTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly QuerySandbox _sandbox = fixture.Sandbox;

    [Fact]
    public async Task A_query_returns_columns_and_JSON_friendly_rows()
    {
        var result = await _sandbox.RunAsync(fixture.JobPath, """
            SELECT type, count(*) AS n, sum(json_extract(data, '$.pid')::BIGINT) AS pid_sum, min(ts) AS first,
                   1.50::DECIMAL(10,2) AS price, [1, 2] AS list, {'a': 'b'} AS struct
            FROM events GROUP BY type ORDER BY type
            """);

        Assert.Null(result.Error);
        Assert.Equal(18, result.LoadedEvents);
        Assert.Equal(["type", "n", "pid_sum", "first", "price", "list", "struct"], result.Columns.Select(c => c.Name));
        Assert.Equal("HugeInt", result.Columns[2].Type);
        var dns = result.Rows.Single(r => r[0].GetString() == "dns_query");
        Assert.Equal(2, dns[1].GetInt64());
        Assert.Equal(1234 + 1236, dns[2].GetInt64());
        Assert.Equal("2026-11-27T15:00:03.000000Z", dns[3].GetString());
        Assert.Equal(1.50m, dns[4].GetDecimal());
        Assert.Equal("[1,2]", dns[5].GetRawText());
        Assert.Equal("b", dns[6].GetProperty("a").GetString());
        Assert.False(result.Truncated);
        Assert.True(result.ElapsedMs > 0);
        // The console serializes the result as is.
        Assert.Contains("\"Rows\":[[\"dns_query\",2,", JsonSerializer.Serialize(result));
    }

    [Fact]
    public async Task The_documented_query_runs_verbatim_in_the_sandbox()
    {
        var result = await _sandbox.RunAsync(fixture.JobPath, DocumentedQueryTests.Documented);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Rows.Count);
        Assert.Contains("/proc/1200/maps", result.Rows[0][0].GetProperty("path").GetString()); // data, a JSON column: nested
    }

    [Fact]
    public async Task A_large_result_stops_at_the_row_cap_and_says_truncated()
    {
        var clock = Stopwatch.StartNew();
        var result = await _sandbox.RunAsync(fixture.JobPath, "SELECT range AS n FROM range(1000000000)", new QueryLimits { MaxRows = 250 });

        Assert.Null(result.Error);
        Assert.True(result.Truncated);
        Assert.Equal(250, result.Rows.Count);
        Assert.Equal(249, result.Rows[^1][0].GetInt64());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "streaming stops reading at the cap");
    }

    [Fact]
    public async Task An_SQL_error_carries_DuckDBs_message_and_the_position()
    {
        var result = await _sandbox.RunAsync(fixture.JobPath, "SELECT type,\n       nosuch FROM events");

        Assert.NotNull(result.Error);
        Assert.Equal(QueryErrorKind.Sql, result.Error.Kind);
        Assert.StartsWith("Binder Error: Referenced column \"nosuch\" not found", result.Error.Message);
        Assert.Equal(20, result.Error.Position);
    }

    [Fact]
    public async Task A_missing_trace_is_a_trace_error()
    {
        var result = await _sandbox.RunAsync(fixture.Trace.PathOf("gone.jsonl.gz"), "SELECT 1");

        Assert.Equal(QueryErrorKind.Trace, result.Error?.Kind);
        Assert.EndsWith("gone.jsonl.gz: no such file", result.Error?.Message);
    }

    /// <summary>
    /// Minutes of streaming work in constant memory. (A cross join of two ranges reaches the sandbox's memory cap in
    /// well under a second, and then the out-of-memory error races the cancellation.)
    /// </summary>
    private const string LongQueryWithoutMemory = "SELECT sum(i) FROM range(100000000000) t(i)";

    [Fact]
    public async Task Cancelling_the_caller_stops_the_query_and_the_next_one_works()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _sandbox.RunAsync(fixture.JobPath, LongQueryWithoutMemory, new QueryLimits { Timeout = TimeSpan.FromMinutes(1) }, cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancelled after {clock.Elapsed}");
        var next = await _sandbox.RunAsync(fixture.JobPath, "SELECT count(*) FROM events");
        Assert.Equal(18, next.Rows.Single()[0].GetInt64());
    }

    [Fact]
    public async Task Queries_run_concurrently_each_in_its_own_database()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            _sandbox.RunAsync(fixture.JobPath, $"CREATE TABLE mine AS SELECT {i} AS v; SELECT v, (SELECT count(*) FROM events) FROM mine")));

        Assert.Equal([0, 1, 2, 3], results.Select(r => r.Rows.Single()[0].GetInt32()));
        Assert.All(results, r => Assert.Equal(18, r.Rows.Single()[1].GetInt64()));
    }

    [Fact]
    public async Task The_OS_CPU_cap_stops_a_query_that_the_deadline_would_not()
    {
        var limits = new QueryLimits { Timeout = TimeSpan.FromSeconds(60), CpuTime = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();

        var result = await _sandbox.RunAsync(fixture.JobPath, "SELECT sum(range) FROM range(1000000000000)", limits);

        Assert.Equal(QueryErrorKind.ResourceLimit, result.Error?.Kind);
        Assert.Equal("the query used more than 1 s of CPU time and was stopped", result.Error?.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"stopped after {clock.Elapsed}");
    }

    [Fact]
    public async Task The_OS_memory_cap_stops_what_DuckDBs_memory_limit_does_not_cover()
    {
        // memory_limit is set far above the OS cap, so only the OS cap can stop this string.
        var limits = new QueryLimits { DuckDbMemoryMb = 16_384, ProcessMemoryMb = 128 };

        var result = await _sandbox.RunAsync(fixture.JobPath, "SELECT length(repeat('x', 200000000)) AS n", limits);

        Assert.NotNull(result.Error);
        Assert.True(result.Error.Kind is QueryErrorKind.ResourceLimit || result.Error.Message.StartsWith("Out of Memory Error", StringComparison.Ordinal),
            $"{result.Error.Kind}: {result.Error.Message}");
        var roomy = await _sandbox.RunAsync(fixture.JobPath, "SELECT length(repeat('x', 200000000)) AS n", new QueryLimits { DuckDbMemoryMb = 16_384, ProcessMemoryMb = 1024, Timeout = TimeSpan.FromSeconds(60) });
        Assert.Null(roomy.Error?.Message);
        Assert.Equal(200_000_000, roomy.Rows.Single()[0].GetInt64());
    }
}
