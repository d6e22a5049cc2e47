using Ashiato.Query.Examples;
using Ashiato.Query.Execution;

namespace Ashiato.Query.Tests;

[Trait("Category", "unit")]
public sealed class DocumentedQueryTests : IDisposable
{
    /// <summary>The example query of the product's documentation, character for character.</summary>
    public static readonly string Documented = Ashiato.Tests.Shared.DocumentedQuery.RunnerWorkerMemory;

    private readonly TestTrace _trace = new();

    [Fact]
    public void The_documented_Runner_Worker_query_runs_verbatim_and_finds_the_memory_reads()
    {
        using var session = Sql.Open(_trace.WriteGzip("job.jsonl.gz", TestTrace.CompromisedJob()));

        var paths = Sql.Rows(session, Documented).Select(r => r[0]).ToList();

        Assert.Equal(2, paths.Count);
        Assert.Contains("\"path\":\"/proc/1200/maps\"", paths[0]);
        Assert.Contains("\"path\":\"/proc/1200/mem\"", paths[1]);
    }

    [Fact]
    public void With_the_worker_known_only_from_its_snapshot_exec_the_documented_query_still_finds_the_reads()
    {
        using var session = Sql.Open(_trace.WriteGzip("pid.jsonl.gz", TestTrace.PidScopedJob()));

        var paths = Sql.Rows(session, Documented).Select(r => System.Text.Json.JsonDocument.Parse(r[0]).RootElement.GetProperty("path").GetString());

        Assert.Equal(["/proc/1200/maps", "/proc/1200/mem"], paths);
    }

    [Fact]
    public void With_two_Runner_Workers_the_documented_form_errors_and_the_library_join_finds_both()
    {
        var lines = TestTrace.CompromisedJob().ToList();
        lines.Add(TestTrace.Exec(20, 1500, "/home/runner/actions-runner/bin/Runner.Worker", ["Runner.Worker"]));
        lines.Add(TestTrace.Open(21, 1236, "/proc/1500/mem"));
        using var session = Sql.Open(_trace.WriteJsonl("two.jsonl", lines));

        var error = Assert.Throws<QueryException>(() => Sql.Rows(session, Documented));
        Assert.Contains("More than one row returned by a subquery", error.Message);

        var join = ExampleLibrary.Find("runner-worker-memory")!.Sql;
        var paths = Sql.Rows(session, join).Select(r => System.Text.Json.JsonDocument.Parse(r[0]).RootElement.GetProperty("path").GetString());
        Assert.Equal(["/proc/1200/maps", "/proc/1200/mem", "/proc/1500/mem"], paths);
    }

    public void Dispose() => _trace.Dispose();
}
