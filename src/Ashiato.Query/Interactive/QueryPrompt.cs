using Ashiato.Events;
using Ashiato.Query.Examples;
using Ashiato.Query.Execution;
using Ashiato.Query.Output;

namespace Ashiato.Query.Interactive;

/// <summary>
/// The interactive prompt of <c>ashiato query</c>: SQL over several lines until a <c>;</c>, history, and the dot
/// commands <c>.tables</c>, <c>.schema</c>, <c>.examples</c>, <c>.example NAME</c>, <c>.format</c>, <c>.help</c>, <c>.quit</c>.
/// </summary>
public sealed class QueryPrompt(
    QuerySession session, ILineSource lines, Stream output, TextWriter messages, OutputFormat format, IQueryInterrupts? interrupts = null)
{
    private const string Help = """
        Enter SQL ending with ';' (it may span lines). Tables: events(data JSON, type, ts, job) and one view per event type.
          .tables            list tables and views
          .schema [NAME]     columns of a table or view; for events also the JSON keys per event type
          .examples          list the example library
          .example NAME      show and run an example
          .format [FORMAT]   show or set the output format: table, csv, json, jsonl
          .help              this text
          .quit              leave (also Ctrl+D; Ctrl+C clears the line or stops the running query, arrows recall history)
        """;

    private OutputFormat _format = format;

    public void Run(CancellationToken cancellationToken = default)
    {
        messages.WriteLine($"{session.Load.Rows:N0} events loaded. Type .help for help, .quit to leave.");
        var pending = new List<string>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var line = lines.ReadLine(pending.Count == 0 ? "ashiato> " : "    ...> ");
            if (line is null)
            {
                return;
            }
            if (pending.Count == 0 && line.TrimStart().StartsWith('.'))
            {
                lines.AddHistory(line.Trim());
                if (!RunDotCommand(line.Trim(), cancellationToken))
                {
                    return;
                }
                continue;
            }
            if (pending.Count == 0 && string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            pending.Add(line);
            if (!line.TrimEnd().EndsWith(';'))
            {
                continue;
            }
            var sql = string.Join('\n', pending);
            pending.Clear();
            lines.AddHistory(sql);
            RunSql(sql, cancellationToken);
        }
    }

    private bool RunDotCommand(string command, CancellationToken cancellationToken)
    {
        var parts = command.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var argument = parts.Length > 1 ? parts[1] : null;
        switch (parts[0])
        {
            case ".quit" or ".exit":
                return false;
            case ".help":
                messages.WriteLine(Help);
                break;
            case ".tables":
                RunSql("SELECT table_name AS name, lower(table_type) AS kind FROM information_schema.tables " +
                    "WHERE table_schema = 'main' ORDER BY table_type, table_name", cancellationToken);
                break;
            case ".schema":
                ShowSchema(argument, cancellationToken);
                break;
            case ".examples":
                foreach (var example in ExampleLibrary.All)
                {
                    messages.WriteLine($"  {example.Name,-34} {example.Title}");
                }
                messages.WriteLine("Run one with .example NAME.");
                break;
            case ".example":
                RunExample(argument, cancellationToken);
                break;
            case ".format":
                SetFormat(argument);
                break;
            default:
                messages.WriteLine($"unknown command {parts[0]}; .help lists the commands");
                break;
        }
        messages.Flush();
        return true;
    }

    private void ShowSchema(string? name, CancellationToken cancellationToken)
    {
        var filter = name is null ? "" : $" AND table_name = {Loading.EventsSchema.Literal(name)}";
        RunSql("SELECT table_name AS \"table\", column_name AS \"column\", data_type AS type FROM information_schema.columns " +
            $"WHERE table_schema = 'main'{filter} ORDER BY table_name, ordinal_position", cancellationToken);
        if (name is null or "events")
        {
            RunSql("SELECT type, list(DISTINCT key ORDER BY key) AS json_keys FROM " +
                "(SELECT type, unnest(json_keys(data)) AS key FROM events) GROUP BY type ORDER BY type", cancellationToken);
        }
    }

    private void RunExample(string? name, CancellationToken cancellationToken)
    {
        var example = name is null ? null : ExampleLibrary.Find(name);
        if (example is null)
        {
            messages.WriteLine(name is null ? "usage: .example NAME (see .examples)" : $"no example named {name}; .examples lists them");
            return;
        }
        messages.WriteLine($"-- {example.Title}\n{example.Sql}");
        messages.Flush();
        RunSql(example.Sql, cancellationToken);
    }

    private void SetFormat(string? name)
    {
        if (name is null)
        {
            messages.WriteLine($"format: {_format.ToString().ToLowerInvariant()}");
        }
        else if (Enum.TryParse<OutputFormat>(name, ignoreCase: true, out var parsed))
        {
            _format = parsed;
        }
        else
        {
            messages.WriteLine($"unknown format {name}; use table, csv, json or jsonl");
        }
    }

    private void RunSql(string sql, CancellationToken cancellationToken)
    {
        using var query = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interruptible = interrupts?.CancelOnInterrupt(query);
        try
        {
            session.Run(sql, ResultWriters.Create(_format, output), new QueryOptions(), query.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            output.Flush();
            messages.WriteLine("query cancelled");
        }
        catch (QueryException e)
        {
            output.Flush();
            messages.WriteLine(QueryErrorText.Describe(e.Error, sql));
        }
        catch (UserFacingException e)
        {
            messages.WriteLine(e.Message);
        }
        output.Flush();
        messages.Flush();
    }
}
