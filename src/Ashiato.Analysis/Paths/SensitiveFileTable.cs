using System.Data.Common;
using Ashiato.Query.Catalog;
using DuckDB.NET.Data;

namespace Ashiato.Analysis.Paths;

/// <summary>
/// Classifies every path a loaded trace names (opened, written, renamed from or to, deleted, chmodded; as named and as
/// resolved) with the sensitive-path catalog, once, in .NET, and stores the sensitive ones as the table
/// <c>sensitive_files(path, entry, category, title, owners)</c>, which rules and the diff join on. A regular expression
/// per row and entry in SQL would compile for every row; the distinct paths of a trace are far fewer than its events.
/// <c>{runner}</c> is the folder of each GitHub Actions runner the trace shows running (<c>runner_roots(root)</c>).
/// </summary>
public static class SensitiveFileTable
{
    public const string Name = "sensitive_files";

    public static void Create(DuckDBConnection connection, SensitivePathCatalog catalog)
    {
        var roots = RunnerRoots(connection);
        Execute(connection, "CREATE OR REPLACE TABLE runner_roots (root VARCHAR)");
        using (var appender = connection.CreateAppender("runner_roots"))
        {
            foreach (var root in roots)
            {
                appender.CreateRow().AppendValue(root).EndRow();
            }
        }
        var classifier = catalog.Classifier(roots);
        Execute(connection, "CREATE OR REPLACE TEMP TABLE sensitive_files_found (path VARCHAR, entry VARCHAR, category VARCHAR, title VARCHAR, owners VARCHAR)");
        var found = new List<(string Path, CatalogEntry Entry)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT DISTINCT p FROM (
                    SELECT unnest(json_extract_string(data, ['$.path', '$.resolved_path', '$.new_path'])) AS p
                    FROM events
                    WHERE type IN ('file_open', 'file_write', 'file_rename', 'file_delete', 'file_chmod'))
                WHERE p IS NOT NULL
                """;
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                var path = reader.GetString(0);
                if (classifier.Classify(path) is { } entry)
                {
                    found.Add((path, entry));
                }
            }
        }
        using (var files = connection.CreateAppender("sensitive_files_found"))
        {
            foreach (var (path, entry) in found)
            {
                files.CreateRow().AppendValue(path).AppendValue(entry.Name).AppendValue(entry.Category.ToWire()).AppendValue(entry.Title)
                    .AppendValue(string.Join(' ', entry.Owners)).EndRow();
            }
        }
        Execute(connection, $"""
            CREATE OR REPLACE TABLE {Name} AS
            SELECT path, entry, category, title, CASE WHEN owners = '' THEN []::VARCHAR[] ELSE string_split(owners, ' ') END AS owners
            FROM sensitive_files_found;
            DROP TABLE sensitive_files_found
            """);
    }

    /// <summary>
    /// The folders of the runners in the trace: what holds the <c>bin/</c> of a <c>Runner.Worker</c> or
    /// <c>Runner.Listener</c> that ran (an apphost, or a dll run by dotnet).
    /// </summary>
    private static List<string> RunnerRoots(DuckDBConnection connection)
    {
        var roots = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT DISTINCT regexp_extract(f, '^(.*)/bin/Runner\.(Worker|Listener)(\.dll)?$', 1) AS root
            FROM (SELECT unnest(list_prepend(filename, coalesce(args[2:2], []::VARCHAR[]))) AS f
                  FROM process_exec WHERE contains(filename, 'Runner.') OR contains(coalesce(args[2], ''), 'Runner.'))
            WHERE regexp_matches(f, '^/.*/bin/Runner\.(Worker|Listener)(\.dll)?$')
            ORDER BY root
            """;
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            roots.Add(reader.GetString(0));
        }
        return roots;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
