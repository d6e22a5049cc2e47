using Ashiato.Query.Examples;

namespace Ashiato.Query.Tests;

/// <summary>GitHub Actions jobs and steps in the views: job_id, step and action on every record, runner_jobs and steps.</summary>
[Trait("Category", "unit")]
public sealed class JobViewsTests : IDisposable
{
    private const string Job = TestTrace.ActionJobId;

    private readonly TestTrace _trace = new();

    [Fact]
    public void Every_typed_view_says_which_job_step_and_action_a_record_belongs_to()
    {
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", TestTrace.ActionJob()));

        Assert.Equal([[Job, "2", "evil-org/changed-files@v45"]],
            Sql.Rows(session, "SELECT job_id, step, action FROM file_open WHERE path = '/proc/1200/mem'"));
        Assert.Equal([[Job, "1", ""]], Sql.Rows(session, "SELECT job_id, step, coalesce(action, '') FROM dns_query WHERE comm = 'npm'"));
        Assert.Equal([[Job, "0", ""]], Sql.Rows(session, "SELECT job_id, step, coalesce(action, '') FROM file_write WHERE comm = 'Runner.Worker'"));
        // The listener is outside the job.
        Assert.Equal([["", "", ""]],
            Sql.Rows(session, "SELECT coalesce(job_id, ''), coalesce(step::VARCHAR, ''), coalesce(action, '') FROM net_connect WHERE comm = 'Runner.Listener'"));
        Assert.Equal([["0", "3"], ["1", "2"], ["2", "1"], ["3", "2"]],
            Sql.Rows(session, "SELECT step, count(*) FROM process_exec WHERE job_id IS NOT NULL GROUP BY step ORDER BY step"));
    }

    [Fact]
    public void A_query_by_action_answers_which_steps_connected_where()
    {
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", TestTrace.ActionJob()));

        Assert.Equal([["evil-org/changed-files@v45", "evil.example.net", "2"]],
            Sql.Rows(session, "SELECT action, hostname, count(*) FROM net_connect WHERE action IS NOT NULL GROUP BY ALL"));
    }

    [Fact]
    public void Runner_jobs_has_one_row_per_job_from_its_workers_start_to_its_end()
    {
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", TestTrace.ActionJob()));

        Assert.Equal(
            [[Job, "1200", "runner-1", "octo-org/octo-repo", "42", "1", "build", "true", TestTrace.Timestamp(1), TestTrace.Timestamp(19), "1", "00:00:18"]],
            Sql.Rows(session, "SELECT job_id, worker_pid, runner_name, repository, run_id, run_attempt, github_job, runner_layout, started, ended, exit_code, duration FROM runner_jobs"));
        Assert.Equal([[TestTrace.Timestamp(1), "job"]], Sql.Rows(session, "SELECT ts, job FROM runner_jobs"));
    }

    [Fact]
    public void A_worker_outside_a_runners_layout_says_so()
    {
        var lines = TestTrace.ActionJob().Select(l => l.Contains("\"runner_job\"", StringComparison.Ordinal) ? l[..^1] + ",\"runner_layout\":false}" : l);
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", lines));

        Assert.Equal([["false"]], Sql.Rows(session, "SELECT runner_layout FROM runner_jobs"));
    }

    [Fact]
    public void Steps_lists_each_step_with_its_identity_and_its_end()
    {
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", TestTrace.ActionJob()));

        var steps = Sql.Rows(session, """
            SELECT step, kind, coalesce(name, ''), coalesce(action, ''), coalesce(pid::VARCHAR, ''), coalesce(script_sha256, ''),
                   started, ended, exit_code, duration
            FROM steps
            """);

        Assert.Equal(
        [
            // The runner's housekeeping (tar, chmod) makes one step 0, from the first start to the last end, with the worst exit code.
            ["0", "runner", "", "", "", "", TestTrace.Timestamp(2), TestTrace.Timestamp(3), "1", "00:00:01"],
            ["1", "run", "__run", "", "1210", "aa11", TestTrace.Timestamp(4), TestTrace.Timestamp(8), "0", "00:00:04"],
            ["2", "action", "changed-files", "evil-org/changed-files@v45", "1220", "", TestTrace.Timestamp(9), TestTrace.Timestamp(14), "0", "00:00:05"],
            ["3", "run", "__run_2", "", "1230", "bb22", TestTrace.Timestamp(15), TestTrace.Timestamp(17), "6", "00:00:02"],
        ], steps);
    }

    [Fact]
    public void A_step_still_running_when_the_trace_ends_has_no_end()
    {
        var lines = TestTrace.ActionJob().Where(l => !l.Contains("\"step_end\"", StringComparison.Ordinal) || !l.Contains("\"step\":3", StringComparison.Ordinal));
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", lines));

        Assert.Equal([["", "", ""]], Sql.Rows(session, "SELECT coalesce(ended::VARCHAR, ''), coalesce(exit_code::VARCHAR, ''), coalesce(duration::VARCHAR, '') FROM steps WHERE step = 3"));
    }

    [Fact]
    public void Two_traces_with_the_same_job_id_keep_their_own_actions()
    {
        var other = TestTrace.ActionJob().Select(l => l.Replace("evil-org/changed-files@v45", "tj-actions/changed-files@v44", StringComparison.Ordinal));
        using var session = Sql.Open(_trace.WriteJsonl("a.jsonl", TestTrace.ActionJob()), _trace.WriteJsonl("b.jsonl", other));

        Assert.Equal([["a", "evil-org/changed-files@v45", "2"], ["b", "tj-actions/changed-files@v44", "2"]],
            Sql.Rows(session, "SELECT job, action, count(*) FROM net_connect WHERE action IS NOT NULL GROUP BY ALL ORDER BY job"));
        Assert.Equal([["a", "4"], ["b", "4"]], Sql.Rows(session, "SELECT job, count(*) FROM steps GROUP BY job ORDER BY job"));
    }

    [Fact]
    public void A_trace_without_jobs_has_empty_job_views_and_null_job_columns()
    {
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", TestTrace.CompromisedJob()));

        Assert.Equal([["0", "0"]], Sql.Rows(session, "SELECT (SELECT count(*) FROM runner_jobs), (SELECT count(*) FROM steps)"));
        Assert.Equal([["18", "0"]], Sql.Rows(session, "SELECT count(*), count(job_id) + count(step) + count(action) FROM (" +
            string.Join(" UNION ALL ", Loading.EventsSchema.Views.Where(v => v.Name is not ("runner_jobs" or "steps")).Select(v => $"SELECT job_id, step, action FROM {v.Name}")) + ")"));
    }

    [Fact]
    public void The_documented_query_runs_verbatim_on_a_trace_with_jobs()
    {
        using var session = Sql.Open(_trace.WriteGzip("job.jsonl.gz", TestTrace.ActionJob()));

        var paths = Sql.Rows(session, DocumentedQueryTests.Documented)
            .Select(r => System.Text.Json.JsonDocument.Parse(r[0]).RootElement.GetProperty("path").GetString());

        Assert.Equal(["/proc/1200/maps", "/proc/1200/mem"], paths);
    }

    [Fact]
    public void The_step_connections_example_names_each_steps_hosts()
    {
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", TestTrace.ActionJob()));

        var rows = Sql.Rows(session, ExampleLibrary.Find("step-connections")!.Sql);

        Assert.Equal(
        [
            $"{Job}|1|run||__run|registry.example.org|443/tcp|1|npm",
            $"{Job}|2|action|evil-org/changed-files@v45|changed-files|evil.example.net|443/tcp|2|node",
            $"{Job}|3|run||__run_2|api.github.com|443/tcp|1|curl",
            "|||||api.github.com|443/tcp|1|Runner.Listener",
        ], rows.Select(r => string.Join("|", r[1..9].Append(r[10]))));
    }

    [Fact]
    public void The_action_file_reads_example_puts_the_sensitive_reads_of_each_step_first()
    {
        var lines = TestTrace.ActionJob().Append(TestTrace.InStep(TestTrace.Open(12, 1220, "/proc/1220/maps", comm: "node"), Job, 2))
            .Append(TestTrace.InStep(TestTrace.Open(12, 1220, "/home/runner/work/app/out.txt", flags: "O_WRONLY|O_CREAT", comm: "node"), Job, 2));
        using var session = Sql.Open(_trace.WriteJsonl("job.jsonl", lines));

        var rows = Sql.Rows(session, ExampleLibrary.Find("action-file-reads")!.Sql);

        Assert.Equal(
        [
            ["1", "", "/home/runner/.npmrc", "an npm token file"],
            ["1", "", "/home/runner/work/app/package.json", ""],
            ["2", "evil-org/changed-files@v45", "/home/runner/.netrc", "a .netrc password file"],
            ["2", "evil-org/changed-files@v45", "/proc/1200/maps", "another process's memory"],
            ["2", "evil-org/changed-files@v45", "/proc/1200/mem", "another process's memory"],
            ["2", "evil-org/changed-files@v45", "/home/runner/work/app/src/index.ts", ""],
            ["2", "evil-org/changed-files@v45", "/proc/1220/maps", ""],
        ], rows.Select(r => new[] { r[2], r[4], r[6], r[7] }));
    }

    public void Dispose() => _trace.Dispose();
}
