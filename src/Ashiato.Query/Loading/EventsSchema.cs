using Ashiato.Events;

namespace Ashiato.Query.Loading;

/// <summary>
/// The tables users query: <c>events(data JSON, type, ts, job)</c>, exactly the console's Query tab plus convenience
/// columns, one view per event type with the contract's fields as typed columns, and the GitHub Actions views
/// <c>runner_jobs</c> and <c>steps</c>.
/// </summary>
public static class EventsSchema
{
    public const string CreateEventsTable =
        "CREATE TABLE events (data JSON, type VARCHAR, ts TIMESTAMPTZ, job VARCHAR)";

    /// <summary>
    /// Selects the four columns from <c>{0}</c> (a VARCHAR or JSON column of <c>{1}</c>) for job literal <c>{2}</c>. One
    /// multi-path extraction parses each line once for both <c>type</c> and <c>timestamp</c>: two single-path calls
    /// parse it twice and made loading about a third slower.
    /// </summary>
    public const string RowSelect =
        "SELECT {0}::JSON, fields[1], TRY_CAST(fields[2] AS TIMESTAMPTZ), {2} " +
        "FROM (SELECT {0}, json_extract_string({0}, ['$.type', '$.timestamp']) AS fields FROM {1})";

    /// <summary>The view of a run's jobs: one row per <c>runner_job</c>, with its worker's start and its end.</summary>
    public const string RunnerJobsView = "runner_jobs";

    /// <summary>The view of a run's steps: one row per job and step number, with the step's end.</summary>
    public const string StepsView = "steps";

    private static readonly ViewColumn JobId = new("job_id", "VARCHAR");
    private static readonly ViewColumn Step = new("step", "INTEGER");

    /// <summary>
    /// Every record of a process: who (pid, ppid, comm) and, inside a GitHub Actions job, which job and step (both
    /// NULL outside any job). The step's <c>action</c> is joined from <see cref="StepsView"/> after these.
    /// </summary>
    private static readonly ViewColumn[] ProcessColumns =
        [new("pid", "BIGINT"), new("ppid", "BIGINT"), new("comm", "VARCHAR"), JobId, Step];

    private static readonly ViewColumn Action = new("action", "VARCHAR");

    private static readonly (EventKind Kind, ViewColumn[] Fields)[] ViewFields =
    [
        (EventKind.ProcessExec, [new("filename", "VARCHAR"), new("args", "VARCHAR[]"), new("exe", "VARCHAR"),
            new("cwd", "VARCHAR"), new("uid", "BIGINT"), new("args_truncated", "BOOLEAN"),
            // False rather than NULL on a live exec, so WHERE NOT snapshot keeps the execs the tracer saw happen.
            new("snapshot", "BOOLEAN", "false"), new("env", "MAP(VARCHAR, VARCHAR)"), new("env_truncated", "BOOLEAN")]),
        (EventKind.NetConnect, [new("dst_addr", "VARCHAR"), new("dst_port", "INTEGER"), new("protocol", "VARCHAR"),
            new("hostname", "VARCHAR")]),
        (EventKind.DnsQuery, [new("hostname", "VARCHAR"), new("qtype", "VARCHAR"), new("dns_server", "VARCHAR"),
            new("answers", "VARCHAR[]"), new("rcode", "VARCHAR")]),
        (EventKind.FileOpen, [new("path", "VARCHAR"), new("flags", "VARCHAR"), new("resolved_path", "VARCHAR")]),
        (EventKind.FileWrite, [new("path", "VARCHAR"), new("bytes", "BIGINT")]),
        (EventKind.ProcessFork, []),
        (EventKind.FileRename, [new("path", "VARCHAR"), new("new_path", "VARCHAR")]),
        (EventKind.FileDelete, [new("path", "VARCHAR"), new("directory", "BOOLEAN", "false")]),
        (EventKind.FileChmod, [new("path", "VARCHAR"), new("mode", "VARCHAR")]),
        (EventKind.ProcessAccess, [new("target_pid", "BIGINT"), new("target_comm", "VARCHAR"),
            new("target_ppid", "BIGINT"), new("target_relation", "VARCHAR"), new("method", "VARCHAR")]),
    ];

    private static readonly ViewColumn[] RunnerJobFields =
    [
        JobId, new("worker_pid", "BIGINT"), new("runner_name", "VARCHAR"), new("repository", "VARCHAR"),
        new("workflow_ref", "VARCHAR"), new("run_id", "VARCHAR"), new("run_attempt", "VARCHAR"),
        // The contract's `job` (GITHUB_JOB, the job's key in the workflow) under another name: every view's `job` is the trace.
        new("github_job", "VARCHAR", Field: "job"),
        // Only a worker outside a runner's layout says false.
        new("runner_layout", "BOOLEAN", "true"),
    ];

    private static readonly ViewColumn[] StepFields =
    [
        JobId, Step, new("kind", "VARCHAR"), new("name", "VARCHAR"), Action, new("pid", "BIGINT"), new("script", "VARCHAR"),
        new("script_sha256", "VARCHAR"),
    ];

    private static readonly ViewColumn[] Lifetime =
        [new("started", "TIMESTAMP WITH TIME ZONE"), new("ended", "TIMESTAMP WITH TIME ZONE"), new("exit_code", "INTEGER"), new("duration", "INTERVAL")];

    private static readonly ViewColumn Ts = new("ts", "TIMESTAMP WITH TIME ZONE");
    private static readonly ViewColumn Job = new("job", "VARCHAR");
    private static readonly ViewColumn Data = new("data", "JSON");

    /// <summary>Names of the typed views, for <c>.tables</c> and the console's schema panel.</summary>
    /// <summary>
    /// The typed fields of each record type (by wire name), as the views cast them: what an untrusted upload is checked
    /// against, so that nothing accepted can break a view later. The record's own <c>job_id</c> and <c>step</c> included.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ViewColumn>> RecordFields { get; } = new Dictionary<string, IReadOnlyList<ViewColumn>>(
        ViewFields.Select(v => KeyValuePair.Create(v.Kind.ToWire(), (IReadOnlyList<ViewColumn>)[.. ProcessColumns, .. v.Fields]))
            .Append(KeyValuePair.Create(EventKind.RunnerJob.ToWire(), (IReadOnlyList<ViewColumn>)RunnerJobFields))
            .Append(KeyValuePair.Create(EventKind.RunnerJobEnd.ToWire(), (IReadOnlyList<ViewColumn>)[JobId, new("exit_code", "INTEGER")]))
            .Append(KeyValuePair.Create(EventKind.Step.ToWire(), (IReadOnlyList<ViewColumn>)StepFields))
            .Append(KeyValuePair.Create(EventKind.StepEnd.ToWire(), (IReadOnlyList<ViewColumn>)[JobId, Step, new("exit_code", "INTEGER")])),
        StringComparer.Ordinal);

    public static IReadOnlyList<string> ViewNames { get; } = [.. Views.Select(v => v.Name)];

    /// <summary>Every view with its columns in order (<c>ts</c>, <c>job</c>, the fields, <c>data</c>).</summary>
    public static IReadOnlyList<ViewDescription> Views =>
    [
        .. ViewFields.Select(v => new ViewDescription(v.Kind.ToWire(), [Ts, Job, .. ProcessColumns, Action, .. v.Fields, Data])),
        new(RunnerJobsView, [Ts, Job, .. RunnerJobFields, .. Lifetime, Data]),
        new(StepsView, [Ts, Job, .. StepFields, .. Lifetime, Data]),
    ];

    /// <summary>
    /// <c>CREATE VIEW</c> statements: the job views, then one per event type (<c>ts</c>, <c>job</c>, who did it and in
    /// which job and step, the step's action, the typed fields, then <c>data</c>).
    /// </summary>
    public static IEnumerable<string> CreateViews()
    {
        yield return CreateRunnerJobsView();
        yield return CreateStepsView();
        foreach (var (kind, fields) in ViewFields)
        {
            var columns = string.Join(", ", ProcessColumns.Select(f => "e." + f.Name).Append("s.action").Concat(fields.Select(f => "e." + f.Name)));
            // The action of the step a process belongs to, resolved once here so that every query can group by it.
            yield return $"CREATE VIEW {kind.ToWire()} AS SELECT e.ts, e.job, {columns}, e.data " +
                $"FROM {Records(kind, [.. ProcessColumns, .. fields])} e " +
                $"LEFT JOIN {StepsView} s ON s.job = e.job AND s.job_id = e.job_id AND s.step = e.step";
        }
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// One row per <c>runner_job</c>: started when its worker exec'd (the worker's <c>process_exec</c>, or the record
    /// itself when the trace lacks it), ended and with the exit code of its <c>runner_job_end</c>.
    /// </summary>
    private static string CreateRunnerJobsView() => $"""
        CREATE VIEW {RunnerJobsView} AS
        WITH jobs AS (
            SELECT * FROM {Records(EventKind.RunnerJob, RunnerJobFields)}
        ), workers AS (
            SELECT job, job_id, pid, min(ts) AS started
            FROM {Records(EventKind.ProcessExec, [JobId, new("pid", "BIGINT")])}
            WHERE job_id IS NOT NULL
            GROUP BY job, job_id, pid
        ), ends AS (
            SELECT job, job_id, max(ts) AS ended, arg_max(exit_code, ts) AS exit_code
            FROM {Records(EventKind.RunnerJobEnd, [JobId, new("exit_code", "INTEGER")])}
            GROUP BY job, job_id
        )
        SELECT coalesce(w.started, j.ts) AS ts, j.job, {string.Join(", ", RunnerJobFields.Select(f => "j." + f.Name))},
               coalesce(w.started, j.ts) AS started, e.ended, e.exit_code, e.ended - coalesce(w.started, j.ts) AS duration, j.data
        FROM jobs j
        LEFT JOIN workers w ON w.job = j.job AND w.job_id = j.job_id AND w.pid = j.worker_pid
        LEFT JOIN ends e ON e.job = j.job AND e.job_id = j.job_id
        ORDER BY ts
        """;

    /// <summary>
    /// One row per job and step number, with its end. Step 0 is the runner's own: each housekeeping process (tar,
    /// chmod, hashFiles) has a <c>step</c> record numbered 0 and a <c>step_end</c> that cannot be told apart, so they
    /// make one row from the first start to the last end, with the highest exit code; its pid and script only when
    /// there was one such process.
    /// </summary>
    private static string CreateStepsView() => $"""
        CREATE VIEW {StepsView} AS
        WITH started AS (
            SELECT * FROM {Records(EventKind.Step, StepFields)}
        ), grouped AS (
            SELECT job, job_id, step, min(ts) AS started, arg_min(kind, ts) AS kind, arg_min(name, ts) AS name,
                   arg_min(action, ts) AS action,
                   CASE WHEN count(*) = 1 THEN min(pid) END AS pid,
                   CASE WHEN count(*) = 1 THEN min(script) END AS script,
                   CASE WHEN count(*) = 1 THEN min(script_sha256) END AS script_sha256,
                   arg_min(data, ts) AS data
            FROM started
            GROUP BY job, job_id, step
        ), ends AS (
            SELECT job, job_id, step, max(ts) AS ended, max(exit_code) AS exit_code
            FROM {Records(EventKind.StepEnd, [JobId, Step, new("exit_code", "INTEGER")])}
            GROUP BY job, job_id, step
        )
        SELECT g.started AS ts, g.job, {string.Join(", ", StepFields.Select(f => "g." + f.Name))},
               g.started, e.ended, e.exit_code, e.ended - g.started AS duration, g.data
        FROM grouped g
        LEFT JOIN ends e ON e.job = g.job AND e.job_id = g.job_id AND e.step = g.step
        ORDER BY ts, g.step
        """;

    /// <summary>
    /// The records of one type with <paramref name="columns"/> typed: <c>(SELECT ts, job, data, …)</c>. One
    /// multi-path extraction parses each line once for every column; a call per column parsed it once per column, and a
    /// typed view's columns are many (a query that reads none of them skips the parse altogether).
    /// </summary>
    private static string Records(EventKind kind, IReadOnlyList<ViewColumn> columns) =>
        $"(SELECT ts, job, data, {string.Join(", ", columns.Select((c, i) => $"{c.Extraction($"f[{i + 1}]")} AS {c.Name}"))} " +
        $"FROM (SELECT ts, job, data, json_extract(data, [{string.Join(", ", columns.Select(c => $"'$.{c.Field ?? c.Name}'"))}]) AS f " +
        $"FROM events WHERE type = '{kind.ToWire()}'))";
}

/// <summary>A typed view of one record type, as the schema panels list it.</summary>
public sealed record ViewDescription(string Name, IReadOnlyList<ViewColumn> Columns);

/// <summary>
/// One column of a typed view: the contract field <see cref="Field"/> (by default <see cref="Name"/>) of <c>data</c>,
/// as <see cref="SqlType"/>; <see cref="Default"/> (SQL) stands in when a record lacks the field.
/// </summary>
public sealed record ViewColumn(string Name, string SqlType, string? Default = null, string? Field = null)
{
    /// <summary>The column from <paramref name="json"/>, the field's JSON value (NULL when the record lacks it).</summary>
    internal string Extraction(string json)
    {
        var value = SqlType == "VARCHAR" ? $"({json} ->> '$')" : $"TRY_CAST({json} AS {SqlType})";
        return Default is null ? value : $"coalesce({value}, {Default})";
    }
}
