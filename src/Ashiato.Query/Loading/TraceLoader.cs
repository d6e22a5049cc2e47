using System.Data.Common;
using System.Text;
using Ashiato.Events;
using Ashiato.Events.Jsonl;
using Ashiato.Query.Catalog;
using DuckDB.NET.Data;

namespace Ashiato.Query.Loading;

/// <summary>
/// Loads traces into the <c>events</c> table and creates the typed views. The one loader used by the CLI and by
/// sandbox workers, so a query sees the same rows everywhere.
/// </summary>
/// <remarks>
/// Fast path: DuckDB's own <c>read_ndjson_objects</c>, several times faster than appending from .NET. Whenever it
/// fails or leaves a row without a type or timestamp, the file is loaded again line by line through
/// <see cref="TraceLineReader"/>, which keeps the complete lines of a cut gzip tail, names the file and line of a
/// malformed record, and can skip bad lines.
/// </remarks>
public sealed class TraceLoader(DuckDBConnection connection)
{
    private const int ReportedSkips = 3;

    public LoadReport Load(IReadOnlyList<TraceInput> sources, bool skipBadLines)
    {
        Execute(EventsSchema.CreateEventsTable);
        long rows = 0, skipped = 0;
        var warnings = new List<string>();
        foreach (var source in sources)
        {
            if (source.Path != "-" && Directory.Exists(source.Path))
            {
                throw new TraceFileException($"{source.Path}: is a folder, not a trace file");
            }
            var fast = TryLoadWithDuckDb(source);
            if (fast is { } fastRows)
            {
                rows += fastRows;
                continue;
            }
            var slow = LoadLineByLine(source, skipBadLines);
            rows += slow.Rows;
            skipped += slow.SkippedLines;
            warnings.AddRange(slow.Warnings);
        }
        foreach (var view in EventsSchema.CreateViews())
        {
            Execute(view);
        }
        Execute(CatalogView.Create(SensitivePathCatalog.BuiltIn().Classifier()));
        return new LoadReport(rows, skipped, warnings);
    }

    private long? TryLoadWithDuckDb(TraceInput source)
    {
        // DuckDB would read '-' as a file name and treat wildcards in a real file name as a pattern.
        if (source.Path == "-" || source.Path.IndexOfAny(['*', '?', '[']) >= 0)
        {
            return null;
        }
        using var transaction = connection.BeginTransaction();
        try
        {
            if (!TraceFileEnd.IsGzip(source.Path) && !TraceFileEnd.EndsWithNewline(source.Path))
            {
                transaction.Rollback();
                return null;
            }
            var rows = Execute("INSERT INTO events " + string.Format(EventsSchema.RowSelect, "json",
                $"read_ndjson_objects({EventsSchema.Literal(source.Path)})", EventsSchema.Literal(source.Job)));
            var incomplete = Scalar($"SELECT count(*) FROM events WHERE job = {EventsSchema.Literal(source.Job)} AND (type IS NULL OR ts IS NULL)");
            if (incomplete > 0)
            {
                transaction.Rollback();
                return null;
            }
            transaction.Commit();
            return rows;
        }
        catch (DuckDBException)
        {
            transaction.Rollback();
            return null;
        }
        catch (IOException)
        {
            // The line-by-line path reports the file's problem in words.
            transaction.Rollback();
            return null;
        }
    }

    private LoadReport LoadLineByLine(TraceInput source, bool skipBadLines)
    {
        using var reader = TraceLineReader.Open(source.Path);
        Execute("CREATE OR REPLACE TEMP TABLE _trace_lines (line VARCHAR)");
        long rows = 0, skipped = 0;
        var skippedExamples = new List<string>();
        using (var appender = connection.CreateAppender("_trace_lines"))
        {
            while (reader.TryReadLine(out var line))
            {
                var problem = TraceLineValidator.Validate(line.Utf8.Span);
                if (problem is not null)
                {
                    if (!skipBadLines)
                    {
                        throw new MalformedTraceException(reader.DisplayName, line.Number, problem);
                    }
                    skipped++;
                    if (skippedExamples.Count < ReportedSkips)
                    {
                        skippedExamples.Add($"line {line.Number}: {problem}");
                    }
                    continue;
                }
                appender.CreateRow().AppendValue(Encoding.UTF8.GetString(line.Utf8.Span)).EndRow();
                rows++;
            }
        }
        Execute("INSERT INTO events " + string.Format(EventsSchema.RowSelect, "line", "_trace_lines", EventsSchema.Literal(source.Job)));
        Execute("DROP TABLE _trace_lines");

        var warnings = new List<string>();
        if (reader.Tail is { CutShort: true } tail)
        {
            warnings.Add($"{reader.DisplayName}: cut short after line {tail.LastCompleteLine} ({tail.Reason}); loaded the complete lines");
        }
        if (skipped > 0)
        {
            warnings.Add($"{reader.DisplayName}: skipped {skipped} bad line{(skipped == 1 ? "" : "s")} ({string.Join("; ", skippedExamples)}{(skipped > ReportedSkips ? "; ..." : "")})");
        }
        return new LoadReport(rows, skipped, warnings);
    }

    private int Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
