using System.Diagnostics;
using Ashiato.Query.Bench;
using Ashiato.Query.Sandbox;
using DuckDB.NET.Data;

// bench generate FILE EVENTS       write a synthetic trace
// bench plain FILE SQLFILE         the minimal plain-DuckDB program: load with read_ndjson_objects, run the SQL, print rows
// bench sandbox FILE SQLFILE RUNS  time the sandboxed query end to end, and the same load + query in process
// bench store FILE SQLFILE RUNS    build the job store of FILE, then time the query over the trace and over the store
switch (args)
{
    case ["generate", var path, var events]:
        TraceGenerator.Write(path, int.Parse(events, System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    case ["plain", var path, var sqlFile]:
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE TABLE events AS SELECT json AS data FROM read_ndjson_objects('{path.Replace("'", "''")}')";
            command.ExecuteNonQuery();
            command.CommandText = File.ReadAllText(sqlFile);
            using var reader = command.ExecuteReader();
            var rows = 0;
            while (reader.Read())
            {
                Console.WriteLine(reader.GetValue(0));
                rows++;
            }
            Console.Error.WriteLine($"{rows} rows");
        }
        return 0;
    case ["sandbox", var path, var sqlFile, var runs]:
        return await SandboxTiming.RunAsync(path, File.ReadAllText(sqlFile), int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture));
    case ["store", var path, var sqlFile, var runs]:
        return StoreTiming.Run(path, File.ReadAllText(sqlFile), int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture));
    default:
        Console.Error.WriteLine("usage: bench generate FILE EVENTS | plain FILE SQLFILE | sandbox FILE SQLFILE RUNS | store FILE SQLFILE RUNS");
        return 2;
}
