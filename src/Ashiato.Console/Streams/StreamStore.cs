using System.Text.Json;
using Ashiato.Web.Storage;
using Microsoft.Data.Sqlite;

namespace Ashiato.Web.Streams;

/// <summary>
/// What the console knows of each streamed job, beside its catalog row: the stream's key and origin, how far its
/// chain goes, when the agent was last heard, and the faults seen (gaps, refused chunks). Its own tables, created here,
/// so the catalog's schema stays as it is.
/// </summary>
public sealed class StreamStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS job_streams (
            org TEXT NOT NULL,
            id TEXT NOT NULL,
            stream_key TEXT NOT NULL,
            host TEXT, labels TEXT,
            runner_name TEXT, workflow_ref TEXT, run_attempt TEXT,
            state TEXT NOT NULL,
            next_seq INTEGER NOT NULL,
            last_sha256 TEXT NOT NULL,
            last_heard_at INTEGER NOT NULL,
            PRIMARY KEY (org, id),
            UNIQUE (org, stream_key)
        );
        CREATE TABLE IF NOT EXISTS stream_chunks (
            org TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL,
            PRIMARY KEY (org, id, seq)
        );
        CREATE TABLE IF NOT EXISTS stream_faults (
            org TEXT NOT NULL, id TEXT NOT NULL, at INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS stream_faults_by_job ON stream_faults (org, id);
        """;

    private const string Columns = "org, id, stream_key, host, labels, runner_name, workflow_ref, run_attempt, state, next_seq, last_sha256, last_heard_at";

    private readonly SqliteDatabase _database;

    public StreamStore(SqliteDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, Schema);
        command.ExecuteNonQuery();
    }

    public StreamRecord? Find(string org, string streamKey) =>
        QueryOne("SELECT " + Columns + " FROM job_streams WHERE org = $org AND stream_key = $key", ("$org", org), ("$key", streamKey));

    public StreamRecord? Get(JobKey key) =>
        QueryOne("SELECT " + Columns + " FROM job_streams WHERE org = $org AND id = $id", ("$org", key.Org), ("$id", key.Id.Value));

    public IReadOnlyList<StreamRecord> RunningHeardBefore(DateTimeOffset cutoff)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection,
            "SELECT " + Columns + " FROM job_streams WHERE state = 'running' AND last_heard_at < $cutoff", ("$cutoff", cutoff.ToUnixTimeMilliseconds()));
        return ReadAll(command);
    }

    public void Create(StreamRecord stream) => Execute("""
        INSERT INTO job_streams (org, id, stream_key, host, labels, state, next_seq, last_sha256, last_heard_at)
        VALUES ($org, $id, $key, $host, $labels, $state, $next, $sha, $heard)
        """, ("$org", stream.Key.Org), ("$id", stream.Key.Id.Value), ("$key", stream.StreamKey), ("$host", stream.Host),
        ("$labels", JsonSerializer.Serialize(stream.Labels)), ("$state", stream.State.ToWire()), ("$next", stream.NextSeq),
        ("$sha", stream.LastSha256), ("$heard", stream.LastHeardAt.ToUnixTimeMilliseconds()));

    /// <summary>The job's name and origin in the catalog's row, from the trace's runner_job record.</summary>
    public void SetMetadata(JobKey key, string job, string? repository, string? workflow, string? runId) =>
        Execute("UPDATE jobs SET job = $job, repo = $repo, workflow = $workflow, run_id = $run WHERE org = $org AND id = $id",
            ("$org", key.Org), ("$id", key.Id.Value), ("$job", job), ("$repo", repository), ("$workflow", workflow), ("$run", runId));

    /// <summary>The runner's own account of the job, from the trace's runner_job record.</summary>
    public void SetRunner(JobKey key, string? runnerName, string? workflowRef, string? runAttempt) =>
        Execute("UPDATE job_streams SET runner_name = $runner, workflow_ref = $ref, run_attempt = $attempt WHERE org = $org AND id = $id",
            ("$org", key.Org), ("$id", key.Id.Value), ("$runner", runnerName), ("$ref", workflowRef), ("$attempt", runAttempt));

    public string? ChunkSha256(JobKey key, long seq)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT sha256 FROM stream_chunks WHERE org = $org AND id = $id AND seq = $seq",
            ("$org", key.Org), ("$id", key.Id.Value), ("$seq", seq));
        return command.ExecuteScalar() as string;
    }

    /// <summary>The chunks appended, in order: the stored trace is exactly their bytes one after the other.</summary>
    public IReadOnlyList<StoredChunk> Chunks(JobKey key)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection,
            "SELECT seq, sha256, bytes FROM stream_chunks WHERE org = $org AND id = $id ORDER BY seq", ("$org", key.Org), ("$id", key.Id.Value));
        using var reader = command.ExecuteReader();
        var chunks = new List<StoredChunk>();
        while (reader.Read())
        {
            chunks.Add(new StoredChunk(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
        }
        return chunks;
    }

    /// <summary>A chunk appended to the job's trace: the chain moves on to it.</summary>
    public void Appended(JobKey key, long seq, string sha256, long bytes, DateTimeOffset at)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var (sql, parameters) in new (string, (string, object?)[])[]
        {
            ("INSERT INTO stream_chunks (org, id, seq, sha256, bytes) VALUES ($org, $id, $seq, $sha, $bytes)", [("$seq", seq), ("$sha", sha256), ("$bytes", bytes)]),
            ("UPDATE job_streams SET next_seq = $next, last_sha256 = $sha, last_heard_at = $at WHERE org = $org AND id = $id",
                [("$next", seq + 1), ("$sha", sha256), ("$at", at.ToUnixTimeMilliseconds())]),
        })
        {
            using var command = SqliteDatabase.Command(connection, sql, [("$org", key.Org), ("$id", key.Id.Value), .. parameters]);
            command.Transaction = transaction;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Heard(JobKey key, DateTimeOffset at) =>
        Execute("UPDATE job_streams SET last_heard_at = max(last_heard_at, $at) WHERE org = $org AND id = $id",
            ("$org", key.Org), ("$id", key.Id.Value), ("$at", at.ToUnixTimeMilliseconds()));

    /// <summary>Moves a running stream to <paramref name="state"/>; false when it was not running (another request ended it).</summary>
    public bool End(JobKey key, StreamState state) =>
        Execute("UPDATE job_streams SET state = $state WHERE org = $org AND id = $id AND state = 'running'",
            ("$org", key.Org), ("$id", key.Id.Value), ("$state", state.ToWire())) == 1;

    public void RecordFault(JobKey key, StreamFault fault) =>
        Execute("INSERT INTO stream_faults (org, id, at, seq, kind, detail) VALUES ($org, $id, $at, $seq, $kind, $detail)",
            ("$org", key.Org), ("$id", key.Id.Value), ("$at", fault.At.ToUnixTimeMilliseconds()), ("$seq", fault.Seq),
            ("$kind", fault.Kind), ("$detail", fault.Detail));

    public IReadOnlyList<StreamFault> Faults(JobKey key)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection,
            "SELECT at, seq, kind, detail FROM stream_faults WHERE org = $org AND id = $id ORDER BY at, rowid", ("$org", key.Org), ("$id", key.Id.Value));
        using var reader = command.ExecuteReader();
        var faults = new List<StreamFault>();
        while (reader.Read())
        {
            faults.Add(new StreamFault(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
        }
        return faults;
    }

    public void Delete(JobKey key)
    {
        foreach (var table in new[] { "job_streams", "stream_chunks", "stream_faults" })
        {
            Execute($"DELETE FROM {table} WHERE org = $org AND id = $id", ("$org", key.Org), ("$id", key.Id.Value));
        }
    }

    private int Execute(string sql, params (string, object?)[] parameters)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private StreamRecord? QueryOne(string sql, params (string, object?)[] parameters)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, sql, parameters);
        return ReadAll(command).FirstOrDefault();
    }

    private static List<StreamRecord> ReadAll(SqliteCommand command)
    {
        using var r = command.ExecuteReader();
        var streams = new List<StreamRecord>();
        while (r.Read())
        {
            JobId.TryParse(r.GetString(1), out var id);
            streams.Add(new StreamRecord
            {
                Key = new JobKey(r.GetString(0), id),
                StreamKey = r.GetString(2),
                Host = Text(r, 3),
                Labels = r.IsDBNull(4) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(4)) ?? [],
                RunnerName = Text(r, 5),
                WorkflowRef = Text(r, 6),
                RunAttempt = Text(r, 7),
                State = StreamStates.Parse(r.GetString(8)),
                NextSeq = r.GetInt64(9),
                LastSha256 = r.GetString(10),
                LastHeardAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)),
            });
        }
        return streams;
    }

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
