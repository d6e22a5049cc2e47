using Microsoft.Data.Sqlite;

namespace Ashiato.Web.Storage;

/// <summary>The catalog database file: opens connections and creates the schema once.</summary>
public sealed class SqliteDatabase
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS jobs (
            id TEXT PRIMARY KEY,
            org TEXT NOT NULL,
            job TEXT NOT NULL,
            repo TEXT, workflow TEXT, run_id TEXT, sha TEXT,
            created_at INTEGER NOT NULL,
            state TEXT NOT NULL,
            trace_bytes INTEGER, events INTEGER, counts TEXT,
            started_at INTEGER, ended_at INTEGER,
            dropped INTEGER, truncations INTEGER, ended_cleanly INTEGER,
            detections INTEGER
        );
        CREATE INDEX IF NOT EXISTS jobs_by_org ON jobs (org, created_at DESC);
        CREATE INDEX IF NOT EXISTS jobs_by_age ON jobs (created_at);
        CREATE TABLE IF NOT EXISTS tokens (
            id TEXT PRIMARY KEY,
            org TEXT NOT NULL,
            role TEXT NOT NULL,
            secret_sha256 BLOB NOT NULL,
            name TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """;

    private readonly string _connectionString;

    public SqliteDatabase(string dataDirectory)
    {
        // Traces and token hashes are nobody else's business on this machine.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
        }
        else
        {
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "catalog.sqlite"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Several writers (uploads, the sweep, `ashiato token create`) wait for each other instead of failing.
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}
