using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Ashiato.Web.Storage;

/// <summary>The embedded jobs catalog. Times are stored as Unix milliseconds.</summary>
public sealed class SqliteJobCatalog(SqliteDatabase database) : IJobCatalog
{
    private const string Columns =
        "id, org, job, repo, workflow, run_id, sha, created_at, state, trace_bytes, events, counts, started_at, ended_at, dropped, truncations, ended_cleanly, detections";

    public Task CreateAsync(JobRecord job, CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection,
            "INSERT INTO jobs (id, org, job, repo, workflow, run_id, sha, created_at, state) VALUES ($id, $org, $job, $repo, $workflow, $run, $sha, $created, $state)",
            ("$id", job.Id.Value), ("$org", job.Org), ("$job", job.Metadata.Job), ("$repo", job.Metadata.Repo),
            ("$workflow", job.Metadata.Workflow), ("$run", job.Metadata.RunId), ("$sha", job.Metadata.Sha),
            ("$created", job.CreatedAt.ToUnixTimeMilliseconds()), ("$state", job.State.ToString()));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<JobRecord?> GetAsync(JobKey key, CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, $"SELECT {Columns} FROM jobs WHERE org = $org AND id = $id",
            ("$org", key.Org), ("$id", key.Id.Value));
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? ReadJob(reader) : null);
    }

    public Task<JobPage> ListAsync(string org, JobFilter filter, CancellationToken ct)
    {
        var where = new StringBuilder("org = $org");
        var parameters = new List<(string, object?)> { ("$org", org) };
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            where.Append(" AND (job LIKE $q ESCAPE '\\' OR repo LIKE $q ESCAPE '\\' OR workflow LIKE $q ESCAPE '\\' OR run_id LIKE $q ESCAPE '\\' OR sha LIKE $q ESCAPE '\\')");
            parameters.Add(("$q", "%" + EscapeLike(filter.Search.Trim()) + "%"));
        }
        if (!string.IsNullOrWhiteSpace(filter.Repo))
        {
            where.Append(" AND repo = $repo");
            parameters.Add(("$repo", filter.Repo));
        }
        if (!string.IsNullOrWhiteSpace(filter.Workflow))
        {
            where.Append(" AND workflow = $workflow");
            parameters.Add(("$workflow", filter.Workflow));
        }
        using var connection = database.Open();
        using var count = SqliteDatabase.Command(connection, $"SELECT count(*) FROM jobs WHERE {where}", [.. parameters]);
        var total = (long)count.ExecuteScalar()!;
        parameters.Add(("$limit", filter.Limit));
        parameters.Add(("$offset", filter.Offset));
        using var select = SqliteDatabase.Command(connection,
            $"SELECT {Columns} FROM jobs WHERE {where} ORDER BY created_at DESC, id DESC LIMIT $limit OFFSET $offset", [.. parameters]);
        using var reader = select.ExecuteReader();
        var jobs = new List<JobRecord>();
        while (reader.Read())
        {
            jobs.Add(ReadJob(reader));
        }
        return Task.FromResult(new JobPage(total, jobs));
    }

    public Task<long> CountPendingAsync(string org, CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT count(*) FROM jobs WHERE org = $org AND state IN ('Pending', 'Uploading')", ("$org", org));
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public Task<bool> TryBeginUploadAsync(JobKey key, CancellationToken ct) =>
        Task.FromResult(Execute("UPDATE jobs SET state = 'Uploading' WHERE org = $org AND id = $id AND state = 'Pending'", key) == 1);

    public Task AbandonUploadAsync(JobKey key, CancellationToken ct)
    {
        Execute("UPDATE jobs SET state = 'Pending' WHERE org = $org AND id = $id AND state = 'Uploading'", key);
        return Task.CompletedTask;
    }

    public Task<bool> CompleteUploadAsync(JobKey key, TraceSummary trace, CancellationToken ct)
    {
        var updated = Execute("""
            UPDATE jobs SET state = 'Ready', trace_bytes = $bytes, events = $events, counts = $counts, started_at = $started,
                ended_at = $ended, dropped = $dropped, truncations = $truncations, ended_cleanly = $clean
            WHERE org = $org AND id = $id AND state IN ('Uploading', 'Running', 'Ready')
            """, key,
            ("$bytes", trace.Bytes), ("$events", trace.Events), ("$counts", JsonSerializer.Serialize(trace.Counts)),
            ("$started", trace.StartedAt?.ToUnixTimeMilliseconds()), ("$ended", trace.EndedAt?.ToUnixTimeMilliseconds()),
            ("$dropped", trace.Dropped), ("$truncations", trace.Truncations), ("$clean", trace.EndedCleanly));
        return Task.FromResult(updated == 1);
    }

    public Task<int> ResetInterruptedUploadsAsync(CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, "UPDATE jobs SET state = 'Pending' WHERE state = 'Uploading'");
        return Task.FromResult(command.ExecuteNonQuery());
    }

    public Task<IReadOnlySet<JobKey>> ListHoldingTracesAsync(CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT org, id FROM jobs WHERE state IN ('Ready', 'Running')");
        using var reader = command.ExecuteReader();
        var keys = new HashSet<JobKey>();
        while (reader.Read())
        {
            if (JobId.TryParse(reader.GetString(1), out var id))
            {
                keys.Add(new JobKey(reader.GetString(0), id));
            }
        }
        return Task.FromResult<IReadOnlySet<JobKey>>(keys);
    }

    public Task SetDetectionsAsync(JobKey key, int count, CancellationToken ct)
    {
        Execute("UPDATE jobs SET detections = $count WHERE org = $org AND id = $id", key, ("$count", count));
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(JobKey key, CancellationToken ct) =>
        Task.FromResult(Execute("DELETE FROM jobs WHERE org = $org AND id = $id", key) == 1);

    public Task<IReadOnlyList<JobKey>> ListCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection,
            "SELECT org, id FROM jobs WHERE created_at < $cutoff ORDER BY created_at LIMIT $limit",
            ("$cutoff", cutoff.ToUnixTimeMilliseconds()), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var keys = new List<JobKey>();
        while (reader.Read())
        {
            if (JobId.TryParse(reader.GetString(1), out var id))
            {
                keys.Add(new JobKey(reader.GetString(0), id));
            }
        }
        return Task.FromResult<IReadOnlyList<JobKey>>(keys);
    }

    public Task DeleteOrgAsync(string org, CancellationToken ct)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var table in new[] { "jobs", "tokens" })
        {
            using var command = SqliteDatabase.Command(connection, $"DELETE FROM {table} WHERE org = $org", ("$org", org));
            command.Transaction = transaction;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        return Task.CompletedTask;
    }

    private int Execute(string sql, JobKey key, params (string, object?)[] extra)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, sql, [("$org", key.Org), ("$id", key.Id.Value), .. extra]);
        return command.ExecuteNonQuery();
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static JobRecord ReadJob(SqliteDataReader r)
    {
        JobId.TryParse(r.GetString(0), out var id);
        var state = Enum.Parse<JobState>(r.GetString(8));
        return new JobRecord
        {
            Id = id,
            Org = r.GetString(1),
            Metadata = new JobMetadata(r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6)),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
            State = state,
            Trace = state == JobState.Ready ? ReadTrace(r) : null,
            Detections = r.IsDBNull(17) ? null : r.GetInt32(17),
        };
    }

    private static TraceSummary ReadTrace(SqliteDataReader r) => new()
    {
        Bytes = r.GetInt64(9),
        Events = r.GetInt64(10),
        Counts = JsonSerializer.Deserialize<Dictionary<string, long>>(r.GetString(11)) ?? [],
        StartedAt = r.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)),
        EndedAt = r.IsDBNull(13) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(13)),
        Dropped = r.GetInt64(14),
        Truncations = r.GetInt64(15),
        EndedCleanly = r.GetBoolean(16),
    };

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
