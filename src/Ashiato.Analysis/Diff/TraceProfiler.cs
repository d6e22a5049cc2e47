using System.Data.Common;
using Ashiato.Analysis.Jobs;
using Ashiato.Analysis.Paths;
using Ashiato.Events;
using Ashiato.Query.Catalog;
using Ashiato.Query.Execution;
using Ashiato.Query.Loading;
using DuckDB.NET.Data;

namespace Ashiato.Analysis.Diff;

/// <summary>Reads a trace through the query engine's loader and collects the observations a diff compares.</summary>
public static class TraceProfiler
{
    private const string ObservationsSql = """
        WITH secrets AS (
            -- the sensitive-path catalog's secrets: credentials, the runner's own, password hashes, process memory
            SELECT path FROM sensitive_files WHERE category IN ('credential', 'runner-credential', 'system-secret', 'process-memory')
        ), opens AS (
            SELECT ts, data, pid, comm, flags, job_id, step,
                   CASE WHEN path IN (SELECT path FROM secrets) THEN path
                        WHEN resolved_path IN (SELECT path FROM secrets) THEN resolved_path END AS sensitive
            FROM file_open
        )
        SELECT 'hosts' AS category, hostname AS value, NULL AS detail, ts, data, job_id, step FROM dns_query WHERE hostname IS NOT NULL
        UNION ALL SELECT 'hosts', coalesce(hostname, dst_addr), NULL, ts, data, job_id, step FROM net_connect WHERE dst_addr IS NOT NULL
        UNION ALL SELECT 'executables', filename, NULL, ts, data, job_id, step FROM process_exec WHERE filename IS NOT NULL
        UNION ALL SELECT 'ports', format('{}/{}', protocol, dst_port), NULL, ts, data, job_id, step FROM net_connect WHERE dst_port IS NOT NULL
        UNION ALL SELECT 'reads', sensitive, NULL, ts, data, job_id, step FROM opens
            WHERE sensitive IS NOT NULL AND NOT starts_with(flags, 'O_WRONLY')
              AND coalesce(TRY_CAST(regexp_extract(sensitive, '^/proc/([0-9]+)/', 1) AS BIGINT), -1) <> pid
              AND NOT regexp_matches(sensitive, '^/proc/(self|thread-self)/')
        UNION ALL SELECT 'writes', path, NULL, ts, data, job_id, step FROM file_write WHERE path IS NOT NULL
        UNION ALL SELECT 'renames', path, new_path, ts, data, job_id, step FROM file_rename WHERE path IS NOT NULL AND new_path IS NOT NULL
        UNION ALL SELECT 'deletes', path, NULL, ts, data, job_id, step FROM file_delete WHERE path IS NOT NULL
        UNION ALL SELECT 'chmods', path, mode, ts, data, job_id, step FROM file_chmod WHERE path IS NOT NULL AND mode IS NOT NULL
        UNION ALL SELECT 'accesses', coalesce(target_comm, 'unknown'), method, ts, data, job_id, step FROM process_access
            WHERE method IS NOT NULL AND coalesce(target_relation, '') <> 'self' AND target_pid IS DISTINCT FROM pid
        ORDER BY ts
        """;

    /// <param name="catalog">The sensitive-path catalog that names sensitive reads (the built-in one by default).</param>
    public static TraceProfile Profile(string tracePath, CancellationToken cancellationToken = default, SensitivePathCatalog? catalog = null)
    {
        using var connection = QueryDatabase.OpenInMemory();
        new TraceLoader(connection).Load([TraceInput.ForPath(tracePath)], skipBadLines: false);
        SensitiveFileTable.Create(connection, catalog ?? SensitivePathCatalog.BuiltIn());
        var observations = new List<RawObservation>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = ObservationsSql;
            using var registration = cancellationToken.Register(command.Cancel);
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                observations.Add(Read(reader));
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return TraceProfileBuilder.Build(tracePath, observations, Workspace(connection), JobStepDirectory.Read(connection));
    }

    private static RawObservation Read(DbDataReader reader)
    {
        var category = reader.GetString(0) switch
        {
            "hosts" => DiffCategory.Hosts,
            "executables" => DiffCategory.Executables,
            "ports" => DiffCategory.OutboundPorts,
            "reads" => DiffCategory.SensitiveReads,
            "renames" => DiffCategory.Renames,
            "deletes" => DiffCategory.Deletes,
            "chmods" => DiffCategory.PermissionChanges,
            "accesses" => DiffCategory.ProcessAccesses,
            _ => DiffCategory.WritesOutsideWorkspace,
        };
        using var data = System.Text.Json.JsonDocument.Parse(reader.GetString(4));
        var root = data.RootElement;
        var value = reader.GetString(1);
        if (category == DiffCategory.OutboundPorts && root.TryGetProperty("dst_port", out var port) && port.TryGetInt32(out var number))
        {
            value = Normalizer.Port(root.TryGetProperty("protocol", out var protocol) ? protocol.GetString() ?? "" : "", number);
        }
        return new RawObservation(
            category,
            value,
            root.TryGetProperty("timestamp", out var ts) ? ts.GetString() ?? "" : "",
            root.TryGetProperty("pid", out var pid) && pid.TryGetInt64(out var p) ? p : null,
            root.TryGetProperty("comm", out var comm) ? comm.GetString() ?? "" : "",
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(5) || reader.IsDBNull(6) ? null : new JobAttribution(reader.GetString(5), reader.GetInt32(6)));
    }

    /// <summary>
    /// The job's working directory: where its first process ran. Processes already running when tracing started
    /// (snapshot execs: the runner, a daemon under --all) ran elsewhere, so the first exec the tracer saw comes first;
    /// inside a GitHub Actions job, the first step's (GITHUB_WORKSPACE), not the runner's or its listener's.
    /// </summary>
    private static string? Workspace(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT cwd FROM process_exec WHERE cwd IS NOT NULL ORDER BY coalesce(step, 0) = 0, snapshot, ts LIMIT 1";
        return command.ExecuteScalar() as string;
    }
}
