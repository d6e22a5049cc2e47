using System.CommandLine;
using System.Globalization;
using Ashiato.Events;
using Ashiato.Tracer.Agent;
using Ashiato.Tracer.Session;

namespace Ashiato.Cli.Commands;

/// <summary>
/// <c>ashiato agent</c>: the whole machine traced until SIGTERM, one trace per GitHub Actions job, written into a
/// directory or streamed to a console. The command line is a contract with the GitHub Action (action/).
/// </summary>
public static class AgentCommand
{
    /// <summary>How long a stopping agent waits for the console to take the last chunks; the rest stays in the spool.</summary>
    private static readonly TimeSpan StopDrain = TimeSpan.FromSeconds(10);

    /// <summary>The spool's bound when --spool-max-mb is not given; memory's when there is no --spool.</summary>
    private const long DefaultSpoolMegabytes = 256;

    public static Command Create()
    {
        var options = new AgentOptions();
        var command = new Command("agent", "Trace every job on this runner host: one trace per job, into --out or streamed to --server.");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, ct) =>
        {
            var settings = options.Read(parse);
            var files = settings.OutDirectory is { } directory ? new DirectoryTraceOutputs(directory, settings.DropHostActivity) : null;
            await using var shipper = settings.Server is { } server ? await StartShipperAsync(settings, server, ct) : null;
            ITraceOutputs outputs = shipper is null ? files! : new StreamingTraceOutputs(shipper, BootId(), settings.DropHostActivity ? null : files);
            var request = new TraceRequest
            {
                Scope = TraceScope.All,
                Output = settings.OutDirectory ?? "",
                Labels = settings.Labels,
                Sink = progress => new JobSplitSink(outputs, progress),
            };
            await TraceSession.RunAsync(request, _ => WriteReadyFile(settings.ReadyFile));
            if (shipper is not null && !await shipper.DrainAsync(StopDrain))
            {
                await Console.Error.WriteLineAsync($"ashiato agent: {shipper.Pending} chunk(s) not sent; they stay in the spool for the next start");
            }
            return 0;
        });
        return command;
    }

    private static async Task<ChunkShipper> StartShipperAsync(AgentSettings settings, string server, CancellationToken ct)
    {
        var token = ConsoleStreamClient.ReadToken(settings.TokenFile);
        var client = new ConsoleStreamClient(ConsoleStreamClient.CreateHttpClient(server, token));
        if (await client.CheckTokenAsync(ct) == SendOutcome.Unauthorized)
        {
            throw new UserFacingException($"the console at {server} does not accept the token in {settings.TokenFile} ({client.LastError})");
        }
        var spool = new ChunkSpool(settings.SpoolDirectory, (settings.SpoolMegabytes ?? DefaultSpoolMegabytes) << 20);
        return new ChunkShipper(client, spool, Environment.MachineName, settings.Labels, Console.Error);
    }

    /// <summary>Tells this boot's jobs from the last one's, whose job ids (pid and start time) may come round again.</summary>
    private static string BootId() => File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();

    /// <summary>Written once the programs are attached and the snapshot taken; atomically, so a reader never sees half of it.</summary>
    private static void WriteReadyFile(string? path)
    {
        if (path is null)
        {
            return;
        }
        var partial = path + ".tmp";
        File.WriteAllText(partial, string.Create(CultureInfo.InvariantCulture,
            $"{{\"pid\":{Environment.ProcessId},\"ready_at\":\"{DateTimeOffset.UtcNow:O}\"}}\n"));
        File.Move(partial, path, overwrite: true);
    }
}
