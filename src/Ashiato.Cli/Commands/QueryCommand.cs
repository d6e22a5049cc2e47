using System.CommandLine;
using Ashiato.Events;
using Ashiato.Query.Examples;
using Ashiato.Query.Execution;
using Ashiato.Query.Interactive;
using Ashiato.Query.Loading;
using Ashiato.Query.Output;

namespace Ashiato.Cli.Commands;

/// <summary><c>ashiato query</c>: DuckDB SQL over one or more traces, or an interactive prompt on a terminal.</summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var traces = new Argument<string[]>("traces")
        {
            Description = "Trace files (.jsonl.gz or .jsonl), '-' for stdin, or a quoted glob such as 'traces/*.jsonl.gz'.",
            Arity = ArgumentArity.OneOrMore,
        };
        var sql = new Option<string?>("--sql", "-s") { Description = "The SQL to run over the table events(data JSON, type, ts, job)." };
        var file = new Option<string?>("--file", "-f") { Description = "Read the SQL from this file." };
        var example = new Option<string?>("--example", "-e")
        {
            Description = "Run a query of the example library: " + string.Join(", ", ExampleLibrary.All.Select(e => e.Name)) + ".",
        };
        var format = new Option<OutputFormat?>("--format") { Description = "table (default on a terminal), csv, json or jsonl (default when piped)." };
        var skipBadLines = new Option<bool>("--skip-bad-lines") { Description = "Load the valid lines of a trace with malformed lines, and say how many were skipped." };
        var maxRows = new Option<long?>("--max-rows") { Description = "Stop after this many rows per result." };

        var command = new Command("query", "Run DuckDB SQL over traces; without SQL on a terminal, open an interactive prompt.")
        {
            traces, sql, file, example, format, skipBadLines, maxRows,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var sources = TraceInputs.Expand(parse.GetValue(traces) ?? []);
            var text = ReadSql(parse.GetValue(sql), parse.GetValue(file), parse.GetValue(example));
            var interactive = text is null;
            if (interactive && (Console.IsInputRedirected || sources.Any(s => s.Path == "-")))
            {
                throw new UserFacingException("no query given: use --sql, --file or --example (the interactive prompt needs a terminal)");
            }
            var outputFormat = parse.GetValue(format) ?? (Console.IsOutputRedirected ? OutputFormat.Jsonl : OutputFormat.Table);
            using var session = OpenSession(sources, parse.GetValue(skipBadLines));
            foreach (var warning in session.Load.Warnings)
            {
                Console.Error.WriteLine($"ashiato: warning: {warning}");
            }
            using var output = Console.OpenStandardOutput();
            if (interactive)
            {
                var history = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ashiato_query_history");
                using var interrupts = new SigIntInterrupts();
                new QueryPrompt(session, new ConsoleLineEditor(history), output, Console.Out, outputFormat, interrupts).Run(cancellationToken);
                return Task.FromResult(0);
            }
            try
            {
                session.Run(text!, ResultWriters.Create(outputFormat, output), new QueryOptions(parse.GetValue(maxRows)), cancellationToken);
            }
            catch (QueryException e)
            {
                throw new UserFacingException(QueryErrorText.Describe(e.Error, text!), e);
            }
            catch (IOException) when (Console.IsOutputRedirected)
            {
                // The reader went away (| head): stop quietly, like other Unix tools.
            }
            return Task.FromResult(0);
        });
        return command;
    }

    private static string? ReadSql(string? sql, string? file, string? example)
    {
        if (new[] { sql, file, example }.Count(s => s is not null) > 1)
        {
            throw new UserFacingException("give only one of --sql, --file and --example");
        }
        if (file is not null)
        {
            try
            {
                return File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserFacingException($"{file}: cannot read the SQL file ({(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)})", e);
            }
        }
        if (example is not null)
        {
            return (ExampleLibrary.Find(example) ?? throw new UserFacingException(
                $"no example named {example}; the library has {string.Join(", ", ExampleLibrary.All.Select(e => e.Name))}")).Sql;
        }
        return sql;
    }

    private static QuerySession OpenSession(IReadOnlyList<TraceInput> sources, bool skipBadLines)
    {
        try
        {
            return QuerySession.Open(sources, skipBadLines);
        }
        catch (MalformedTraceException e)
        {
            throw new UserFacingException($"{e.Message} (--skip-bad-lines loads the other lines)", e);
        }
    }
}
