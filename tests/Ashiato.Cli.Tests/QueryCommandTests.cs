using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Ashiato.Tests.Shared;

namespace Ashiato.Cli.Tests;

/// <summary>Runs the real <c>ashiato query</c> executable as a user would, with its output piped.</summary>
[Trait("Category", "unit")]
public sealed class QueryCommandTests : IDisposable
{
    private const string Exec = """{"type":"process_exec","timestamp":"2026-11-27T15:00:01.000000Z","pid":1200,"comm":"Runner.Worker","filename":"/home/runner/actions-runner/bin/Runner.Worker","args":["Runner.Worker"]}""";
    private const string Mem = """{"type":"file_open","timestamp":"2026-11-27T15:00:02.000000Z","pid":1236,"comm":"python3","path":"/proc/1200/mem","flags":"O_RDONLY"}""";
    private const string Dns = """{"type":"dns_query","timestamp":"2026-11-27T15:00:03.000000Z","pid":1236,"comm":"python3","hostname":"evil.example.net"}""";

    private readonly string _dir = Directory.CreateTempSubdirectory("ashiato-query-cli-").FullName;

    private string Gzip(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Ashiato(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "ashiato"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin ?? "");
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "ashiato query did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void The_issue_example_counts_dns_names_as_jsonl_when_piped()
    {
        var trace = Gzip("job.jsonl.gz", Exec, Mem, Dns, Dns);

        var (code, stdout, stderr) = Ashiato(null, "query", trace, "--sql",
            "SELECT json_extract_string(data,'$.hostname') AS h, count(*) AS n FROM events WHERE json_extract_string(data,'$.type')='dns_query' GROUP BY h");

        Assert.Equal((0, ""), (code, stderr));
        Assert.Equal("{\"h\":\"evil.example.net\",\"n\":2}\n", stdout);
    }

    [Fact]
    public void A_sql_file_runs_with_csv_and_the_documented_query_finds_the_memory_read()
    {
        var trace = Gzip("job.jsonl.gz", Exec, Mem, Dns);
        var hunt = Path.Combine(_dir, "hunt.sql");
        File.WriteAllText(hunt, DocumentedQuery.RunnerWorkerMemory);

        var (code, stdout, _) = Ashiato(null, "query", trace, "-f", hunt, "--format", "csv");

        Assert.Equal(0, code);
        var lines = stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data,type,ts,job", lines[0]);
        Assert.EndsWith(",file_open,2026-11-27T15:00:02.000000Z,job", Assert.Single(lines[1..]));
    }

    [Fact]
    public void Several_traces_by_glob_and_stdin_are_told_apart_by_job()
    {
        Gzip("run-a.jsonl.gz", Exec, Dns);
        Gzip("run-b.jsonl.gz", Exec);

        var (code, stdout, _) = Ashiato(null, "query", Path.Combine(_dir, "run-*.jsonl.gz"), "--format", "json",
            "--sql", "SELECT job, count(*) AS n FROM events GROUP BY job ORDER BY job");
        var (stdinCode, stdinOut, _) = Ashiato($"{Exec}\n{Dns}\n", "query", "-", "--sql", "SELECT job, count(*) AS n FROM dns_query GROUP BY job");

        Assert.Equal(0, code);
        Assert.Equal("[{\"job\":\"run-a\",\"n\":2},{\"job\":\"run-b\",\"n\":1}]\n", stdout);
        Assert.Equal((0, "{\"job\":\"stdin\",\"n\":1}\n"), (stdinCode, stdinOut));
    }

    [Fact]
    public void An_sql_error_shows_the_message_and_points_at_the_position_without_a_stack_trace()
    {
        var trace = Gzip("job.jsonl.gz", Exec);

        var (code, stdout, stderr) = Ashiato(null, "query", trace, "--sql", "SELECT type,\n  nosuch FROM events");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("ashiato: Binder Error: Referenced column \"nosuch\" not found", stderr);
        Assert.Contains("LINE 2:   nosuch FROM events\n          ^", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void A_malformed_line_is_named_and_skip_bad_lines_loads_the_rest()
    {
        var trace = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(trace, $"{Exec}\n{{oops\n{Dns}\n");

        var (code, _, stderr) = Ashiato(null, "query", trace, "--sql", "SELECT count(*) FROM events");
        var (skipCode, skipOut, skipErr) = Ashiato(null, "query", trace, "--skip-bad-lines", "--sql", "SELECT count(*) AS n FROM events");

        Assert.Equal(2, code);
        Assert.StartsWith($"ashiato: {trace}:2: malformed JSON", stderr);
        Assert.Contains("--skip-bad-lines", stderr);
        Assert.Equal((0, "{\"n\":2}\n"), (skipCode, skipOut));
        Assert.Contains("skipped 1 bad line (line 2: malformed JSON", skipErr);
    }

    [Fact]
    public void Missing_files_and_a_missing_query_get_one_clear_line()
    {
        var missing = Ashiato(null, "query", Path.Combine(_dir, "nope.jsonl.gz"), "--sql", "SELECT 1");
        var noQuery = Ashiato(null, "query", Gzip("job.jsonl.gz", Exec));

        Assert.Equal((2, $"ashiato: {Path.Combine(_dir, "nope.jsonl.gz")}: no such file\n"), (missing.Code, missing.Stderr));
        Assert.Equal(2, noQuery.Code);
        Assert.StartsWith("ashiato: no query given", noQuery.Stderr);
    }

    [Fact]
    public void An_example_of_the_library_runs_by_name()
    {
        var trace = Gzip("job.jsonl.gz", Exec, Mem, Dns);

        var (code, stdout, _) = Ashiato(null, "query", trace, "--example", "runner-worker-memory");

        Assert.Equal(0, code);
        using var row = JsonDocument.Parse(stdout);
        Assert.Equal("file_open", row.RootElement.GetProperty("type").GetString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
