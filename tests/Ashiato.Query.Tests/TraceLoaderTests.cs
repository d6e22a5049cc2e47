using Ashiato.Events;
using Ashiato.Events.Jsonl;
using Ashiato.Query.Execution;
using Ashiato.Query.Loading;

namespace Ashiato.Query.Tests;

[Trait("Category", "unit")]
public sealed class TraceLoaderTests : IDisposable
{
    private readonly TestTrace _trace = new();

    private static IReadOnlyList<string> Numbered(int count) =>
        [.. Enumerable.Range(0, count).Select(i => TestTrace.Dns(i, 100 + i, $"host{i}.example.org"))];

    [Fact]
    public void Gzip_with_several_members_loads_every_line_with_type_ts_and_job()
    {
        var path = _trace.WriteGzip("job-42.jsonl.gz", Numbered(500), members: 5);
        using var session = Sql.Open(path);

        Assert.Equal(500, session.Load.Rows);
        Assert.Empty(session.Load.Warnings);
        var row = Sql.Rows(session, "SELECT type, ts, job, json_extract_string(data, '$.hostname') FROM events WHERE (data->>'$.pid') = '107'").Single();
        Assert.Equal(["dns_query", "2026-11-27T15:00:07.000000Z", "job-42", "host7.example.org"], row);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", Sql.Rows(session, "SELECT data_type FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'ts'").Single()[0]);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(40)]
    [InlineData(300)]
    [InlineData(5000)]
    public void A_gzip_tail_cut_short_keeps_the_complete_lines_and_says_so(int cutBytes)
    {
        var lines = Numbered(3000);
        var path = _trace.WriteGzip("cut.jsonl.gz", lines, members: 4, cutBytes: cutBytes);
        using var session = Sql.Open(path);

        Assert.InRange(session.Load.Rows, 2000, 2999);
        var warning = Assert.Single(session.Load.Warnings);
        Assert.Contains("cut.jsonl.gz: cut short after line", warning);
        // Every loaded row is an intact line, in order.
        var last = Sql.Rows(session, "SELECT max((data->>'$.pid')::INT), count(*) FROM events").Single();
        Assert.Equal((99 + session.Load.Rows).ToString(), last[0]);
    }

    [Fact]
    public void A_plain_trace_whose_last_line_lost_its_newline_says_so()
    {
        var path = _trace.PathOf("cut.jsonl");
        File.WriteAllText(path, string.Join("\n", Numbered(3)));
        using var session = Sql.Open(path);

        Assert.Equal(2, session.Load.Rows);
        Assert.Contains("cut.jsonl: cut short after line 2", Assert.Single(session.Load.Warnings));
    }

    [Fact]
    public void A_malformed_line_names_the_file_and_line_and_skip_bad_lines_loads_the_rest()
    {
        var lines = Numbered(5).ToList();
        lines.Insert(2, "{\"type\":\"dns_query\",\"timestamp\":");
        lines.Insert(4, "[1,2,3]");
        var path = _trace.WriteJsonl("bad.jsonl", lines);

        var error = Assert.Throws<MalformedTraceException>(() => Sql.Open(path));
        Assert.Equal(path, error.File);
        Assert.Equal(3, error.Line);
        Assert.StartsWith($"{path}:3: malformed JSON", error.Message);

        using var session = QuerySession.Open([TraceInput.ForPath(path)], skipBadLines: true);
        Assert.Equal(5, session.Load.Rows);
        Assert.Equal(2, session.Load.SkippedLines);
        Assert.Contains("skipped 2 bad lines (line 3: malformed JSON", Assert.Single(session.Load.Warnings));
        Assert.Contains("line 5: not a JSON object", session.Load.Warnings[0]);
    }

    [Fact]
    public void Missing_files_folders_and_other_formats_get_one_clear_line()
    {
        var missing = Assert.Throws<TraceFileException>(() => Sql.Open(_trace.PathOf("nope.jsonl.gz")));
        Assert.Equal($"{_trace.PathOf("nope.jsonl.gz")}: no such file", missing.Message);

        var folder = Assert.Throws<TraceFileException>(() => Sql.Open(_trace.Directory));
        Assert.EndsWith("is a folder, not a trace file", folder.Message);

        var zip = _trace.PathOf("trace.zip");
        File.WriteAllBytes(zip, [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0xff, 0x10, 0x0a]);
        var format = Assert.Throws<MalformedTraceException>(() => Sql.Open(zip));
        Assert.Contains("does not look like a trace (JSON Lines, plain or gzip)", format.Message);

        var unmatched = Assert.Throws<UserFacingException>(() => TraceInputs.Expand([_trace.PathOf("*.jsonl.gz")]));
        Assert.EndsWith("no files match", unmatched.Message);
    }

    [Fact]
    public void A_glob_of_traces_loads_them_all_told_apart_by_job()
    {
        _trace.WriteGzip("run-1.jsonl.gz", TestTrace.NormalJob());
        _trace.WriteGzip("run-2.jsonl.gz", TestTrace.CompromisedJob());
        using var session = Sql.Open(_trace.PathOf("run-*.jsonl.gz"));

        var perJob = Sql.Rows(session, "SELECT job, count(*) FROM events GROUP BY job ORDER BY job");
        Assert.Equal([["run-1", "5"], ["run-2", "18"]], perJob);
    }

    [Fact]
    public void Typed_views_expose_the_contract_fields_with_their_types()
    {
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", TestTrace.CompromisedJob()));

        var exec = Sql.Rows(session, "SELECT pid, comm, filename, args[2], len(args), ppid FROM process_exec WHERE comm = 'npm'").Single();
        Assert.Equal(["1234", "npm", "/usr/bin/npm", "install", "2", "1200"], exec);
        var connect = Sql.Rows(session, "SELECT dst_port + 1, protocol, hostname FROM net_connect WHERE dst_addr = '203.0.113.7'").Single();
        Assert.Equal(["444", "tcp", "evil.example.net"], connect);
        var written = Sql.Rows(session, "SELECT sum(bytes) FROM file_write").Single();
        Assert.Equal(["6144"], written);
        var views = Sql.Rows(session, "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW' ORDER BY 1").Select(r => r[0]);
        Assert.Equal(["dns_query", "file_chmod", "file_delete", "file_open", "file_rename", "file_write", "net_connect", "process_access",
            "process_exec", "process_fork", "runner_jobs", "sensitive_path_catalog", "steps"], views);
    }

    [Fact]
    public void The_evidence_completeness_records_load_into_typed_views()
    {
        using var session = Sql.Open(_trace.WriteJsonl("pid.jsonl", TestTrace.PidScopedJob()));

        Assert.Equal([["1200", "true", ""], ["1230", "true", "/tmp/x/hook.so"], ["1236", "false", ""]],
            Sql.Rows(session, "SELECT pid, snapshot, coalesce(env['LD_PRELOAD'], '') FROM process_exec ORDER BY pid"));
        Assert.Equal([["[\"BASH_ENV\",\"LD_PRELOAD\"]"]], Sql.Rows(session, "SELECT map_keys(env) FROM process_exec WHERE env IS NOT NULL"));
        Assert.Equal([["1231", "1230", "bash"]], Sql.Rows(session, "SELECT pid, ppid, comm FROM process_fork"));
        Assert.Equal([["/tmp/x/job", "/etc/cron.d/job"]], Sql.Rows(session, "SELECT path, new_path FROM file_rename"));
        Assert.Equal([["/home/runner/.bash_history"]], Sql.Rows(session, "SELECT path FROM file_delete"));
        Assert.Equal([["/tmp/x/sh", "4755"]], Sql.Rows(session, "SELECT path, mode FROM file_chmod"));
        Assert.Equal([["1236", "1201", "Runner.Worker", "ptrace_attach", "other", "1100"]],
            Sql.Rows(session, "SELECT pid, target_pid + 1, target_comm, method, target_relation, target_ppid FROM process_access"));
    }

    [Fact]
    public void The_schema_lists_every_view_with_the_columns_it_has()
    {
        using var session = Sql.Open(_trace.WriteJsonl("pid.jsonl", TestTrace.PidScopedJob()));

        foreach (var view in EventsSchema.Views)
        {
            var columns = Sql.Rows(session, $"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{view.Name}' ORDER BY ordinal_position");
            Assert.Equal(view.Columns.Select(c => new[] { c.Name, c.SqlType }), columns);
        }
    }

    [Fact]
    public void The_seed_documents_example_events_load_into_their_views()
    {
        // The five examples of the product page, one per line, with their second-precision timestamps.
        var path = _trace.WriteJsonl("seed.jsonl",
        [
            """{"type":"process_exec","timestamp":"2025-01-15T10:30:01Z","pid":1234,"comm":"npm","filename":"/usr/bin/npm","args":["npm","install"]}""",
            """{"type":"net_connect","timestamp":"2025-01-15T10:30:02Z","pid":1235,"dst_addr":"104.16.23.35","dst_port":443,"protocol":"tcp"}""",
            """{"type":"dns_query","timestamp":"2025-01-15T10:30:02Z","pid":1235,"hostname":"registry.example.org"}""",
            """{"type":"file_open","timestamp":"2025-01-15T10:30:03Z","pid":1235,"path":"/home/runner/work/app/package.json","flags":"O_RDONLY"}""",
            """{"type":"file_write","timestamp":"2025-01-15T10:30:04Z","pid":1235,"path":"/home/runner/work/app/node_modules/.package-lock.json","bytes":2048}""",
        ]);
        using var session = Sql.Open(path);

        Assert.Equal([["2025-01-15T10:30:01.000000Z", "1234", "[\"npm\",\"install\"]"]], Sql.Rows(session, "SELECT ts, pid, args FROM process_exec"));
        Assert.Equal([["104.16.23.35", "443", "tcp"]], Sql.Rows(session, "SELECT dst_addr, dst_port, protocol FROM net_connect"));
        Assert.Equal([["registry.example.org"]], Sql.Rows(session, "SELECT hostname FROM dns_query"));
        Assert.Equal([["/home/runner/work/app/package.json", "O_RDONLY"]], Sql.Rows(session, "SELECT path, flags FROM file_open"));
        Assert.Equal([["2048"]], Sql.Rows(session, "SELECT bytes FROM file_write"));
    }

    [Fact]
    public void A_deleted_directory_says_so_in_the_file_delete_view()
    {
        var path = _trace.WriteJsonl("deletes.jsonl",
        [
            """{"type":"file_delete","timestamp":"2025-01-15T10:30:01Z","pid":7,"comm":"rmdir","path":"/w/d","directory":true}""",
            """{"type":"file_delete","timestamp":"2025-01-15T10:30:02Z","pid":7,"comm":"rm","path":"/w/f"}""",
        ]);
        using var session = Sql.Open(path);

        Assert.Equal([["/w/d", "true"], ["/w/f", "false"]], Sql.Rows(session, "SELECT path, directory FROM file_delete ORDER BY path"));
    }

    [Fact]
    public void A_trace_written_by_the_tracers_writer_loads()
    {
        var path = _trace.PathOf("written.jsonl.gz");
        using (var writer = TraceFileWriter.Create(path))
        {
            writer.Write(new FileOpen { Timestamp = DateTimeOffset.Parse("2026-11-27T15:22:51.123456Z"), Pid = 7, Comm = "cat", Path = "/etc/hosts", Flags = new OpenFlags(0) });
            writer.Flush();
            writer.Write(new DnsQuery { Timestamp = DateTimeOffset.Parse("2026-11-27T15:22:52Z"), Pid = 8, Comm = "curl", Hostname = "example.org" });
        }
        using var session = Sql.Open(path);
        Assert.Equal([["file_open", "/etc/hosts", "O_RDONLY", "2026-11-27T15:22:51.123456Z"], ["dns_query", "", "", "2026-11-27T15:22:52.000000Z"]],
            Sql.Rows(session, "SELECT type, data->>'$.path', data->>'$.flags', ts FROM events"));
    }

    public void Dispose() => _trace.Dispose();
}
