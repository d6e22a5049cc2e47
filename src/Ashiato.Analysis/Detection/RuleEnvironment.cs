using System.Data.Common;
using System.Text.Json;
using Ashiato.Analysis.Paths;
using Ashiato.Analysis.Processes;
using Ashiato.Analysis.Rules;
using Ashiato.Events;
using DuckDB.NET.Data;

namespace Ashiato.Analysis.Detection;

/// <summary>
/// Prepares a loaded trace for the rules: numbers the execs, links each to its parent with <see cref="ProcessTree"/>,
/// stores the tree, what each pid ran over time, the allow-list, the webhook hosts and the trace's sensitive files
/// (<see cref="SensitiveFileTable"/>) as tables, then creates the rule pack's shared views
/// (prelude.sql).
/// </summary>
internal static class RuleEnvironment
{
    public static ProcessTree Prepare(DuckDBConnection connection, RulePack pack)
    {
        Execute(connection, """
            CREATE TABLE exec_rows AS
            SELECT row_number() OVER (ORDER BY ts, pid, data::VARCHAR) AS exec_id, pid, ppid, ts, comm, filename, exe, cwd, uid,
                   coalesce(args, []::VARCHAR[]) AS args, snapshot, env, job_id, step, action, data
            FROM process_exec
            WHERE pid IS NOT NULL AND ts IS NOT NULL
            """);
        var forks = ReadForks(connection);
        var tree = new ProcessTree(ReadExecs(connection), forks, ReadFirstPpids(connection));

        Execute(connection, "CREATE TABLE exec_links (exec_id BIGINT, parent_exec_id BIGINT, program VARCHAR)");
        Execute(connection, "CREATE TABLE process_images (pid BIGINT, ppid BIGINT, ts TIMESTAMPTZ, exec_id BIGINT, forked BOOLEAN)");
        Execute(connection, "CREATE TABLE exec_ancestors (exec_id BIGINT, ancestor_exec_id BIGINT, depth INTEGER)");
        Execute(connection, "CREATE TABLE egress_allowlist (pattern VARCHAR)");
        Execute(connection, "CREATE TABLE webhook_hosts (pattern VARCHAR)");
        using (var links = connection.CreateAppender("exec_links"))
        using (var ancestors = connection.CreateAppender("exec_ancestors"))
        {
            foreach (var exec in tree.Execs)
            {
                links.CreateRow().AppendValue(exec.ExecId).AppendValue(tree.ParentOf(exec.ExecId))
                    .AppendValue(ProgramNames.Of(exec)).EndRow();
                var chain = tree.Ancestry(exec.ExecId);
                for (var depth = 0; depth < chain.Count; depth++)
                {
                    ancestors.CreateRow().AppendValue(exec.ExecId).AppendValue(chain[chain.Count - 1 - depth].ExecId).AppendValue(depth).EndRow();
                }
            }
        }
        using (var images = connection.CreateAppender("process_images"))
        {
            foreach (var exec in tree.Execs)
            {
                images.CreateRow().AppendValue(exec.Pid).AppendValue(exec.Ppid).AppendValue(FromUnixMicroseconds(exec.TimestampUs))
                    .AppendValue(exec.ExecId).AppendValue(false).EndRow();
            }
            foreach (var fork in forks)
            {
                images.CreateRow().AppendValue(fork.Pid).AppendValue(fork.Ppid).AppendValue(FromUnixMicroseconds(fork.TimestampUs))
                    .AppendValue(tree.ImageOf(fork)?.ExecId).AppendValue(true).EndRow();
            }
        }
        using (var allow = connection.CreateAppender("egress_allowlist"))
        {
            foreach (var pattern in pack.EgressAllowList.Distinct(StringComparer.Ordinal))
            {
                allow.CreateRow().AppendValue(pattern).EndRow();
            }
        }
        using (var hooks = connection.CreateAppender("webhook_hosts"))
        {
            foreach (var pattern in pack.WebhookHosts.Distinct(StringComparer.Ordinal))
            {
                hooks.CreateRow().AppendValue(pattern).EndRow();
            }
        }
        SensitiveFileTable.Create(connection, pack.Catalog);
        Execute(connection, """
            CREATE TABLE execs AS
            SELECT r.exec_id, r.pid, r.ppid, l.parent_exec_id, r.ts, r.comm, r.filename, r.exe, r.cwd, r.uid, r.args, l.program,
                   r.snapshot, r.env, r.job_id, r.step, r.action, r.data
            FROM exec_rows r JOIN exec_links l USING (exec_id)
            ORDER BY r.exec_id
            """);
        Execute(connection, "DROP TABLE exec_rows; DROP TABLE exec_links");
        Execute(connection, RulePack.PreludeSql);
        return tree;
    }

    private static List<ExecRecord> ReadExecs(DuckDBConnection connection)
    {
        var execs = new List<ExecRecord>();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT exec_id, pid, ppid, epoch_us(ts), coalesce(comm, ''), coalesce(filename, ''), to_json(args)::VARCHAR,
                   coalesce(json_extract_string(data, '$.timestamp'), ''), job_id, step
            FROM exec_rows ORDER BY exec_id
            """;
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            execs.Add(new ExecRecord(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetString(4),
                reader.GetString(5),
                JsonSerializer.Deserialize<string?[]>(reader.GetString(6))!.Select(a => a ?? "").ToList(),
                reader.GetString(7),
                reader.IsDBNull(8) || reader.IsDBNull(9) ? null : new JobAttribution(reader.GetString(8), reader.GetInt32(9))));
        }
        return execs;
    }

    private static List<ForkRecord> ReadForks(DuckDBConnection connection)
    {
        var forks = new List<ForkRecord>();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT pid, ppid, epoch_us(ts), coalesce(comm, ''), coalesce(json_extract_string(data, '$.timestamp'), '')
            FROM process_fork
            WHERE pid IS NOT NULL AND ppid IS NOT NULL AND ts IS NOT NULL AND ppid <> pid
            ORDER BY ts
            """;
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            forks.Add(new ForkRecord(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4)));
        }
        return forks;
    }

    private static Dictionary<long, long> ReadFirstPpids(DuckDBConnection connection)
    {
        var parents = new Dictionary<long, long>();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT pid, arg_min(ppid, ts)
            FROM (SELECT TRY_CAST(json_extract(data, '$.pid') AS BIGINT) AS pid,
                         TRY_CAST(json_extract(data, '$.ppid') AS BIGINT) AS ppid, ts FROM events)
            WHERE pid IS NOT NULL AND ppid IS NOT NULL AND ppid <> pid
            GROUP BY pid
            """;
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            parents[reader.GetInt64(0)] = reader.GetInt64(1);
        }
        return parents;
    }

    private static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
