using System.Text;
using System.Text.Json;
using Ashiato.Query.Execution;
using Ashiato.Query.Output;

namespace Ashiato.Query.Tests;

[Trait("Category", "unit")]
public sealed class OutputFormatTests : IDisposable
{
    private readonly TestTrace _trace = new();
    private readonly QuerySession _session;

    public OutputFormatTests()
    {
        _session = Sql.Open(_trace.WriteJsonl("job.jsonl", TestTrace.CompromisedJob()));
    }

    private string Print(OutputFormat format, string sql, long? maxRows = null)
    {
        using var output = new MemoryStream();
        _session.Run(sql, ResultWriters.Create(format, output), new QueryOptions(maxRows));
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void Csv_quotes_fields_that_need_it_and_leaves_null_empty()
    {
        var csv = Print(OutputFormat.Csv, "SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z, 42 AS n");

        Assert.Equal("x,y,z,n\r\n\"a,b\",\"say \"\"hi\"\"\",,42\r\n", csv);
    }

    [Fact]
    public void Json_columns_are_nested_in_json_output_and_text_that_looks_like_json_stays_a_string()
    {
        var jsonl = Print(OutputFormat.Jsonl, """
            SELECT data, data->'$.args' AS args, '{"not":"json typed"}' AS text
            FROM events WHERE type = 'process_exec' AND json_extract_string(data, '$.comm') = 'npm';
            """);

        using var row = JsonDocument.Parse(jsonl);
        var data = row.RootElement.GetProperty("data");
        Assert.Equal(JsonValueKind.Object, data.ValueKind);
        Assert.Equal(1234, data.GetProperty("pid").GetInt32());
        Assert.Equal(["npm", "install"], row.RootElement.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("{\"not\":\"json typed\"}", row.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void Json_values_stay_strings_where_the_statement_cannot_be_described_or_nests_too_deep_and_tables_show_them_as_text()
    {
        var jsonl = Print(OutputFormat.Jsonl, "SET threads = 1; SELECT data FROM events WHERE type = 'dns_query' LIMIT 1");
        var csv = Print(OutputFormat.Csv, "SELECT data FROM events WHERE type = 'dns_query' LIMIT 1");

        var deep = Print(OutputFormat.Jsonl, "SELECT (repeat('[', 100) || repeat(']', 100))::JSON AS deep");

        using var row = JsonDocument.Parse(jsonl);
        Assert.Equal(JsonValueKind.String, row.RootElement.GetProperty("data").ValueKind);
        using var deepRow = JsonDocument.Parse(deep);
        Assert.Equal(new string('[', 100) + new string(']', 100), deepRow.RootElement.GetProperty("deep").GetString());
        Assert.StartsWith("data\r\n\"{\"\"type\"\":\"\"dns_query\"\"", csv);
    }

    [Fact]
    public void Json_is_one_array_of_objects_with_typed_values()
    {
        var json = Print(OutputFormat.Json, """
            SELECT comm, pid, args, ts, sum(pid) OVER () AS total, 2.5::DECIMAL(4,1) AS d, {'k': [1, 2]} AS s,
                   170141183460469231731687303715884105727::HUGEINT AS huge, 'NaN'::DOUBLE AS nan, INTERVAL 90 SECOND AS iv
            FROM process_exec WHERE comm = 'npm'
            """);

        using var document = JsonDocument.Parse(json);
        var row = document.RootElement.EnumerateArray().Single();
        Assert.Equal("npm", row.GetProperty("comm").GetString());
        Assert.Equal(1234, row.GetProperty("pid").GetInt64());
        Assert.Equal(["npm", "install"], row.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("2026-11-27T15:00:02.000000Z", row.GetProperty("ts").GetString());
        Assert.Equal(JsonValueKind.Number, row.GetProperty("total").ValueKind);
        Assert.Equal(2.5m, row.GetProperty("d").GetDecimal());
        Assert.Equal(2, row.GetProperty("s").GetProperty("k")[1].GetInt32());
        Assert.Equal("170141183460469231731687303715884105727", row.GetProperty("huge").GetRawText());
        Assert.Equal("NaN", row.GetProperty("nan").GetString());
        Assert.Equal("00:01:30", row.GetProperty("iv").GetString());
    }

    [Fact]
    public void Jsonl_is_one_object_per_line()
    {
        var lines = Print(OutputFormat.Jsonl, "SELECT type, job FROM events ORDER BY ts LIMIT 3").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Equal("job", JsonDocument.Parse(l).RootElement.GetProperty("job").GetString()));
    }

    [Fact]
    public void Table_aligns_columns_shortens_long_cells_and_reports_rows_and_time()
    {
        var table = Print(OutputFormat.Table, "SELECT comm, pid, data FROM process_exec ORDER BY ts").Split('\n');

        Assert.Equal("comm          | pid  | data", table[0]);
        Assert.Matches(@"^-+-\+-+-\+-+$", table[1]);
        Assert.StartsWith("Runner.Worker | 1200 | {\"type\":\"process_exec\"", table[2]);
        Assert.EndsWith("…", table[2]);
        Assert.Equal(table[2].Length, table[3].Length);
        Assert.Matches(@"^\(5 rows, \d+\.\d ms\)$", table[7]);
    }

    [Fact]
    public void A_row_cap_stops_a_huge_result_early_and_marks_it_truncated()
    {
        var sink = new Sql.CollectingSink();
        _session.Run("SELECT * FROM range(10000000000)", sink, new QueryOptions(MaxRows: 10));

        Assert.Equal(10, sink.Rows.Count);
        Assert.True(sink.Summary!.Truncated);
        Assert.Contains("truncated at the row limit", Print(OutputFormat.Table, "SELECT * FROM range(100)", maxRows: 5));
    }

    public void Dispose()
    {
        _session.Dispose();
        _trace.Dispose();
    }
}
