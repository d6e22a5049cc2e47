using System.CommandLine;
using Ashiato.Web;
using Ashiato.Web.Retention;
using Ashiato.Web.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ashiato.Cli.Commands;

/// <summary><c>ashiato retention run</c>: one retention sweep of a data directory, now, for operators.</summary>
public static class RetentionCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The console's data directory", DefaultValueFactory = _ => "./ashiato-data" };
        var days = new Option<int>("--retention-days")
        {
            Description = $"Days to keep traces (at least {ConsoleOptions.MinimumRetentionDays})",
            DefaultValueFactory = _ => ConsoleOptions.MinimumRetentionDays,
        };
        var run = new Command("run", "Delete the jobs and traces older than the retention period now; prints how many.") { data, days };
        run.SetAction(async (parseResult, ct) =>
        {
            var options = new ConsoleOptions { DataDirectory = Path.GetFullPath(parseResult.GetValue(data)!), RetentionDays = parseResult.GetValue(days) };
            options.Validate();
            var catalog = new SqliteJobCatalog(new SqliteDatabase(options.DataDirectory));
            var removal = new JobRemoval(catalog, new FileTraceBlobStore(options.DataDirectory));
            using var sweeper = new RetentionSweeper(catalog, removal, options, TimeProvider.System, NullLogger<RetentionSweeper>.Instance);
            var deleted = await sweeper.SweepAsync(ct);
            Console.WriteLine($"deleted {deleted} jobs created more than {options.RetentionDays} days ago");
            return 0;
        });
        return new Command("retention", "Retention of the console's traces.") { run };
    }
}
