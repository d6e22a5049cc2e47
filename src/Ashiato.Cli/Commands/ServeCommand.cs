using System.CommandLine;
using Ashiato.Query.Sandbox;
using Ashiato.Web;
using Ashiato.Web.Backends;

namespace Ashiato.Cli.Commands;

public static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Directory for the catalog and the traces", DefaultValueFactory = _ => "./ashiato-data" };
        var listen = new Option<string>("--listen") { Description = "Address to listen on, HOST:PORT", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var retention = new Option<int>("--retention-days")
        {
            Description = $"Days to keep traces (at least {ConsoleOptions.MinimumRetentionDays})",
            DefaultValueFactory = _ => ConsoleOptions.MinimumRetentionDays,
        };
        var maxUpload = new Option<long>("--max-upload-mb") { Description = "Largest trace upload accepted, in MiB", DefaultValueFactory = _ => 512 };
        var silence = new Option<int>("--stream-silence-seconds")
        {
            Description = "Seconds an agent streaming a job may stay silent before the job's trace is marked as ended abnormally",
            DefaultValueFactory = _ => 10,
        };
        var maxTrace = new Option<long>("--max-trace-mb")
        {
            Description = "Largest trace accepted once decompressed, in MiB",
            DefaultValueFactory = _ => 4096,
        };
        var maxLine = new Option<int>("--max-line-kb") { Description = "Longest trace line accepted, in KiB", DefaultValueFactory = _ => 1024 };
        var command = new Command("serve", "Run the trace console: jobs, job views, SQL queries, downloads and retention.")
        {
            data, listen, retention, maxUpload, silence, maxTrace, maxLine,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var options = new ConsoleOptions
            {
                DataDirectory = Path.GetFullPath(parseResult.GetValue(data)!),
                Urls = [ListenAddress.ToUrl(parseResult.GetValue(listen)!)],
                RetentionDays = parseResult.GetValue(retention),
                MaxUploadBytes = parseResult.GetValue(maxUpload) * 1024 * 1024,
                MaxTraceBytes = parseResult.GetValue(maxTrace) * 1024 * 1024,
                MaxLineBytes = parseResult.GetValue(maxLine) * 1024,
                AdminToken = Environment.GetEnvironmentVariable("ASHIATO_ADMIN_TOKEN"),
                StreamSilence = TimeSpan.FromSeconds(Math.Max(2, parseResult.GetValue(silence))),
            };
            // Untrusted SQL from the Query tab runs in the sandbox's worker processes, never in this one.
            using var sandbox = new QuerySandbox(new QuerySandboxOptions
            {
                PoolSize = options.Engines.QuerySlots,
                MaxConcurrentQueries = options.Engines.QuerySlots,
                // Tenants' SQL runs as nobody in namespaces of its own, where only the one trace it queries is readable.
                Isolate = true,
            });
            using var ashiato = new AshiatoChild(Self(), new EngineLimits());
            await using var server = await ConsoleHost.StartAsync(options, Backends(sandbox, ashiato), TimeProvider.System, ct);
            if (server.GeneratedAdminToken is { } token)
            {
                Console.WriteLine($"admin token (shown once, keep it safe): {token}");
            }
            Console.WriteLine($"ashiato console on {string.Join(", ", server.Urls)} (data: {options.DataDirectory})");
            await server.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    /// <summary>The engines behind the Query, Detections and Compare tabs, as far as this build has them.</summary>
    /// <remarks>
    /// The rule pack and the diff run as <c>ashiato detect</c> and <c>ashiato diff</c> in capped child processes: DuckDB
    /// never runs in the server process. The console remembers their results itself.
    /// </remarks>
    private static ConsoleBackends Backends(QuerySandbox sandbox, AshiatoChild ashiato) => new()
    {
        Query = new SandboxQueryRunner(sandbox, new QueryLimits()),
        Examples = new LibraryQueryExamples(),
        Detections = new ProcessDetectionSource(ashiato),
        Comparer = new ProcessJobComparer(ashiato),
    };

    /// <summary>How to start this same <c>ashiato</c>: its apphost, or <c>dotnet exec ashiato.dll</c> when run that way.</summary>
    private static string[] Self()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, "exec", typeof(ServeCommand).Assembly.Location] : [host];
    }
}
