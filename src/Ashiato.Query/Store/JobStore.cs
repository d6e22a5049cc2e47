using System.Security.Cryptography;
using Ashiato.Events;
using Ashiato.Query.Catalog;
using Ashiato.Query.Execution;
using Ashiato.Query.Loading;
using DuckDB.NET.Data;

namespace Ashiato.Query.Store;

/// <summary>
/// A trace converted once into Parquet files, one per table users query: <c>events(data JSON, type, ts, job)</c>, each
/// typed view of <see cref="EventsSchema"/>, <c>runner_jobs</c> and <c>steps</c>. Reading a job then costs a scan of
/// the columns a query names, instead of decompressing and parsing every JSON line again for every query.
/// </summary>
/// <remarks>
/// The tables are the views' own rows, materialised: a query over the store and the same query over the trace read
/// identical rows, because both come from one definition (<see cref="EventsSchema"/>) over one loader
/// (<see cref="TraceLoader"/>). A store is written into a private folder and renamed into place with its manifest
/// last, so a reader sees a whole store or none.
/// </remarks>
public static class JobStore
{
    public const string EventsTable = "events";

    /// <summary>Every table of a store: the events, then the typed and job views in <see cref="EventsSchema"/>'s order.</summary>
    public static IReadOnlyList<string> Tables { get; } = [EventsTable, .. EventsSchema.ViewNames];

    /// <summary>Builds the store of <paramref name="trace"/> at <paramref name="directory"/>, replacing any older one.</summary>
    public static JobStoreManifest Build(TraceInput trace, string directory, bool skipBadLines = false)
    {
        var staging = $"{directory.TrimEnd('/')}.building-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            var tables = new Dictionary<string, long>(StringComparer.Ordinal);
            long skipped;
            using (var connection = QueryDatabase.OpenInMemory())
            {
                skipped = new TraceLoader(connection).Load([trace], skipBadLines).SkippedLines;
                foreach (var table in Tables)
                {
                    // ZSTD: about a third smaller than the default Snappy on traces, at the same read speed here.
                    tables[table] = Execute(connection,
                        $"COPY (SELECT * FROM {table}) TO {EventsSchema.Literal(ParquetFile(staging, table))} (FORMAT parquet, COMPRESSION zstd)");
                }
            }
            var manifest = new JobStoreManifest(JobStoreManifest.CurrentFormat, trace.Job, new FileInfo(trace.Path).Length,
                Sha256(trace.Path), skipped, tables);
            File.WriteAllText(Path.Combine(staging, JobStoreManifest.FileName), manifest.ToJson());
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            Directory.Move(staging, directory);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>
    /// Creates the store's tables as views in <paramref name="connection"/>, under the names the trace's loader gives
    /// them, so every query written for a loaded trace runs over the store unchanged.
    /// </summary>
    /// <exception cref="JobStoreUnavailableException">The store is missing, incomplete, of another format or unreadable.</exception>
    public static JobStoreManifest Attach(DuckDBConnection connection, string directory)
    {
        var manifest = JobStoreManifest.TryRead(directory)
            ?? throw new JobStoreUnavailableException(directory, "it has no manifest of this version (it was never built, or not to the end)");
        foreach (var table in Tables)
        {
            var file = ParquetFile(directory, table);
            if (!File.Exists(file))
            {
                throw new JobStoreUnavailableException(directory, $"{table}.parquet is missing");
            }
            try
            {
                // Binding the view reads the file's footer, so a damaged store is reported here, once, rather than by
                // the first query that happens to touch the damaged file.
                Execute(connection, $"CREATE VIEW {table} AS SELECT * FROM read_parquet({EventsSchema.Literal(file)})");
            }
            catch (DuckDBException e)
            {
                throw new JobStoreUnavailableException(directory, $"{table}.parquet cannot be read ({DuckDbErrors.Parse(e.Message).Message})");
            }
        }
        // Not the trace's but the query environment's: the example queries join it, over a store as over a trace.
        Execute(connection, CatalogView.Create(SensitivePathCatalog.BuiltIn().Classifier()));
        return manifest;
    }

    private static string ParquetFile(string directory, string table) => Path.Combine(directory, table + ".parquet");

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static long Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
