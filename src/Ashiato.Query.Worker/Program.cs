using Ashiato.Query.Sandbox;

// A sandbox worker serves one query on stdin/stdout, then exits at once: tearing DuckDB down after some queries
// (F3, enable_logging) aborts the process, and the pool replaces every worker anyway.
using (var input = Console.OpenStandardInput())
using (var output = Console.OpenStandardOutput())
{
    WorkerHost.Run(input, output);
}
Environment.Exit(0);
