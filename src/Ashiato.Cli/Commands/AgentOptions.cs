using System.CommandLine;
using Ashiato.Events;

namespace Ashiato.Cli.Commands;

/// <summary>The options of <c>ashiato agent</c> and their checks.</summary>
internal sealed class AgentOptions
{
    public const string TokenFileVariable = "ASHIATO_TOKEN_FILE";

    public Option<string?> Server { get; } = new("--server") { Description = "Stream every job's trace to this console URL." };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = $"File holding the console's ingest token (default: ${TokenFileVariable}). Never on the command line.",
    };

    public Option<string?> Out { get; } = new("--out")
    {
        Description = "Directory for the traces: <job_id>.jsonl.gz per job, host-<start>.jsonl.gz for the rest.",
    };

    public Option<string?> Spool { get; } = new("--spool") { Description = "Directory where chunks wait while the console is unreachable." };

    public Option<string[]> Labels { get; } = new("--label")
    {
        Description = "A label k=v put on every trace and console job (repeatable), e.g. pool=linux-large.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> ReadyFile { get; } = new("--ready-file")
    {
        Description = "Written once the programs are attached and the running processes read.",
    };

    public Option<bool> DropHostActivity { get; } = new("--drop-host-activity")
    {
        Description = "Keep no record of processes outside jobs (by default they go to host-<start>.jsonl.gz in --out).",
    };

    public Option<long?> SpoolMegabytes { get; } = new("--spool-max-mb")
    {
        Description = "The most the spool may hold, in MiB (default 256); past it chunks are lost and the loss is recorded in the trace.",
    };

    public IEnumerable<Option> All => [Server, TokenFile, Out, Spool, SpoolMegabytes, Labels, ReadyFile, DropHostActivity];

    public AgentSettings Read(ParseResult parse)
    {
        var server = parse.GetValue(Server);
        var output = parse.GetValue(Out);
        if (server is null && output is null)
        {
            throw new UserFacingException("say where the traces go: --out DIR, or --server URL with --token-file FILE");
        }
        if (parse.GetValue(Spool) is not null && server is null)
        {
            throw new UserFacingException("--spool holds chunks for a console: give --server URL too");
        }
        if (parse.GetValue(SpoolMegabytes) is <= 0)
        {
            throw new UserFacingException("--spool-max-mb must be at least 1");
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in parse.GetValue(Labels) ?? [])
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UserFacingException($"--label {label}: write it as key=value");
            }
            labels[label[..equals]] = label[(equals + 1)..];
        }
        return new AgentSettings(
            server, parse.GetValue(TokenFile) ?? Environment.GetEnvironmentVariable(TokenFileVariable), output is null ? null : Path.GetFullPath(output),
            parse.GetValue(Spool) is { } spool ? Path.GetFullPath(spool) : null, parse.GetValue(SpoolMegabytes), labels, parse.GetValue(ReadyFile),
            parse.GetValue(DropHostActivity));
    }
}

internal sealed record AgentSettings(
    string? Server, string? TokenFile, string? OutDirectory, string? SpoolDirectory, long? SpoolMegabytes,
    IReadOnlyDictionary<string, string> Labels, string? ReadyFile, bool DropHostActivity);
