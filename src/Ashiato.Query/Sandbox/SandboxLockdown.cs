using Ashiato.Query.Execution;
using DuckDB.NET.Data;

namespace Ashiato.Query.Sandbox;

/// <summary>
/// Locks a freshly loaded in-memory database before untrusted SQL runs. The order matters: the temp directory is
/// emptied first (otherwise <c>enable_external_access=false</c> allowlists it), limits come before external access is
/// cut, and <c>lock_configuration</c> comes last so no later <c>SET</c>, <c>RESET</c> or <c>PRAGMA</c> can undo any of it.
/// </summary>
public static class SandboxLockdown
{
    public static IReadOnlyList<string> Statements(QueryLimits limits) =>
    [
        "SET temp_directory = ''",
        "SET autoload_known_extensions = false",
        "SET autoinstall_known_extensions = false",
        "SET allow_community_extensions = false",
        $"SET threads = {Math.Max(1, limits.Threads)}",
        $"SET memory_limit = '{Math.Max(16, limits.DuckDbMemoryMb)}MB'",
        "SET enable_external_access = false",
        "SET lock_configuration = true",
    ];

    /// <summary>Applies the lockdown and verifies that no directory or file stayed reachable.</summary>
    public static void Apply(DuckDBConnection connection, QueryLimits limits)
    {
        using var command = connection.CreateCommand();
        foreach (var statement in Statements(limits))
        {
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
        command.CommandText = "SELECT current_setting('allowed_directories')::VARCHAR || current_setting('allowed_paths')::VARCHAR";
        var allowed = command.ExecuteScalar() as string;
        if (allowed != "[][]")
        {
            // A DuckDB upgrade changed the semantics; refuse to run untrusted SQL rather than leak files.
            throw new InvalidOperationException($"sandbox self-test failed: DuckDB still allows file access to {allowed}");
        }
    }
}
