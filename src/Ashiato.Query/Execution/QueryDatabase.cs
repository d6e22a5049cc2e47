using DuckDB.NET.Data;

namespace Ashiato.Query.Execution;

/// <summary>Opens the fresh in-memory database every query gets: JSON error messages (for positions) and UTC time.</summary>
public static class QueryDatabase
{
    public static DuckDBConnection OpenInMemory()
    {
        var connection = new DuckDBConnection("DataSource=:memory:;errors_as_json=true");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'";
        command.ExecuteNonQuery();
        return connection;
    }
}
