using System.CommandLine;
using Ashiato.Cli.Output;
using Ashiato.Events;
using Ashiato.Tracer.Session;

namespace Ashiato.Cli.Commands;

public static class TraceCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write the trace: a .jsonl.gz file, a .jsonl file, or - for JSONL on stdout.",
            DefaultValueFactory = _ => "trace.jsonl.gz",
        };
        var all = new Option<bool>("--all") { Description = "Trace every process on the machine until SIGINT or SIGTERM." };
        var pid = new Option<int?>("--pid") { Description = "Follow an already-running process tree from this pid." };
        var everyOpen = new Option<bool>("--every-open")
        {
            Description = "Emit every open, not one file_open per process, file and access mode.",
        };
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The command to run and trace, after --.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var uploadTo = new Option<string?>("--upload") { Description = "After tracing, upload the trace to this console URL." };
        var upload = new UploadOptions();
        var command = new Command("trace", "Trace a command and everything it starts, a running process tree, or the whole machine.")
        {
            output, all, pid, everyOpen, uploadTo, commandLine,
        };
        foreach (var option in upload.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, ct) =>
        {
            var request = new TraceRequest
            {
                Scope = ScopeOf(parse.GetValue(all), parse.GetValue(pid), parse.GetValue(commandLine) ?? []),
                Command = parse.GetValue(commandLine) ?? [],
                Pid = parse.GetValue(pid),
                Output = parse.GetValue(output)!,
                EveryOpen = parse.GetValue(everyOpen),
            };
            var server = parse.GetValue(uploadTo);
            if (server is not null && request.Output == "-")
            {
                throw new UserFacingException("--upload needs a trace file: use -o FILE instead of -o -");
            }
            if (server is not null && parse.GetValue(upload.Token) is not null)
            {
                // The traced command is untrusted: it could read the token from this process's argv (/proc/<ppid>/cmdline).
                throw new UserFacingException("--token would show the token to the traced command: use --token-file FILE or ASHIATO_TOKEN_FILE");
            }
            // Taken before the command starts, so that it inherits neither the token nor a descriptor holding it.
            var token = server is null ? null : upload.TakeToken(parse);
            using var status = new StatusLine(Console.Error, enabled: !Console.IsErrorRedirected);
            var outcome = await TraceSession.RunAsync(request, status.Follow);
            status.Dispose();
            TraceReport.Write(Console.Error, request.Output, outcome.Summary);
            if (server is not null)
            {
                var job = string.Join(' ', request.Command.Count > 0 ? request.Command : [request.Scope.ToString().ToLowerInvariant()]);
                await UploadCommand.UploadAsync(request.Output, server, token!, upload.MetadataOf(parse, job), ct);
            }
            return outcome.ExitCode;
        });
        return command;
    }

    private static TraceScope ScopeOf(bool all, int? pid, string[] command)
    {
        var chosen = (all ? 1 : 0) + (pid is null ? 0 : 1) + (command.Length > 0 ? 1 : 0);
        if (chosen != 1)
        {
            throw new UserFacingException("say what to trace: a command after --, or --pid PID, or --all (exactly one)");
        }
        return all ? TraceScope.All : pid is not null ? TraceScope.Pid : TraceScope.Command;
    }
}
