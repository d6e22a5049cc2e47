using System.Diagnostics;
using Ashiato.Query.Execution;

namespace Ashiato.Query.Tests;

[Trait("Category", "unit")]
public sealed class QueryErrorTests : IDisposable
{
    private readonly TestTrace _trace = new();
    private readonly QuerySession _session;

    public QueryErrorTests()
    {
        _session = Sql.Open(_trace.WriteJsonl("job.jsonl", TestTrace.NormalJob()));
    }

    [Fact]
    public void A_syntax_error_points_at_the_position_in_the_query()
    {
        const string sql = "SELECT count(*)\nFROM events\nWHER type = 'dns_query'";
        var error = Assert.Throws<QueryException>(() => Sql.Rows(_session, sql)).Error;

        Assert.Equal(QueryErrorKind.Sql, error.Kind);
        Assert.Equal("Parser", error.DuckDbType);
        Assert.Equal("Parser Error: syntax error at or near \"type\"", error.Message);
        Assert.Equal("Parser Error: syntax error at or near \"type\"\nLINE 3: WHER type = 'dns_query'\n             ^", QueryErrorText.Describe(error, sql));
    }

    [Fact]
    public void A_conversion_error_keeps_DuckDBs_message()
    {
        var error = Assert.Throws<QueryException>(() => Sql.Rows(_session, "SELECT 'abc'::INTEGER")).Error;

        Assert.Equal("Conversion Error: Could not convert string 'abc' to INT32", error.Message);
        Assert.Equal(12, error.Position);
    }

    [Fact]
    public void The_arrow_operator_binds_loosely_as_the_docs_warn_and_parentheses_fix_it()
    {
        Assert.Throws<QueryException>(() => Sql.Rows(_session, "SELECT count(*) FROM events WHERE data->>'$.type' = 'dns_query' AND data->>'$.pid' = '2234'"));

        Assert.Equal("1", Sql.Rows(_session, "SELECT count(*) FROM events WHERE (data->>'$.type') = 'dns_query' AND (data->>'$.pid') = '2234'").Single()[0]);
    }

    [Fact]
    public void A_deadline_stops_an_endless_query_with_a_timeout_error()
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<QueryException>(() =>
            _session.Run("SELECT sum(range) FROM range(1000000000000)", new Sql.CollectingSink(), new QueryOptions(Timeout: TimeSpan.FromMilliseconds(300)))).Error;

        Assert.Equal(QueryErrorKind.Timeout, error.Kind);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal("5", Sql.Rows(_session, "SELECT count(*) FROM events").Single()[0]);
    }

    [Fact]
    public void Cancelling_stops_the_query_and_the_session_stays_usable()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAny<OperationCanceledException>(() =>
            _session.Run("SELECT sum(range) FROM range(1000000000000)", new Sql.CollectingSink(), new QueryOptions(), cancel.Token));

        Assert.Equal("5", Sql.Rows(_session, "SELECT count(*) FROM events").Single()[0]);
    }

    [Theory]
    [InlineData("SELECT 1", 0, "LINE 1: SELECT 1\n        ^")]
    [InlineData("SELECT 1\nFROM x", 9, "LINE 2: FROM x\n        ^")]
    [InlineData("SELECT 1\nFROM x", 14, "LINE 2: FROM x\n             ^")]
    public void The_pointer_sits_under_the_character(string sql, int position, string expected) =>
        Assert.Equal(expected, SqlPositionPointer.Render(sql, position));

    public void Dispose()
    {
        _session.Dispose();
        _trace.Dispose();
    }
}
