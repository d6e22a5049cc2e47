using System.Globalization;
using DuckDB.NET.Data;

namespace Ashiato.Query.Execution;

/// <summary>Opens the fresh in-memory database every query gets: JSON error messages (for positions) and UTC time.</summary>
public static class QueryDatabase
{
    /// <summary>
    /// DuckDB's <c>memory_limit</c> in MB, for engines run as child processes (the console's rule pack and diff):
    /// DuckDB's own default is 80% of the machine's memory.
    /// </summary>
    public const string MemoryLimitVariable = "ASHIATO_DUCKDB_MEMORY_MB";

    /// <summary>DuckDB's <c>threads</c>, for the same engines: its default is every core.</summary>
    public const string ThreadsVariable = "ASHIATO_DUCKDB_THREADS";

    public static DuckDBConnection OpenInMemory()
    {
        var connection = new DuckDBConnection("DataSource=:memory:;errors_as_json=true");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'";
        command.ExecuteNonQuery();
        if (Setting(MemoryLimitVariable) is { } memoryMb)
        {
            command.CommandText = $"SET memory_limit = '{memoryMb}MB'";
            command.ExecuteNonQuery();
        }
        if (Setting(ThreadsVariable) is { } threads)
        {
            command.CommandText = $"SET threads = {threads}";
            command.ExecuteNonQuery();
        }
        return connection;
    }

    private static int? Setting(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : null;
}
