using Ashiato.Query.Execution;

namespace Ashiato.Query.Output;

/// <summary>Creates the sink that prints a result in a given format.</summary>
public static class ResultWriters
{
    public static IResultSink Create(OutputFormat format, Stream output) => format switch
    {
        OutputFormat.Table => new TableResultWriter(new StreamWriter(output, leaveOpen: true) { AutoFlush = false }),
        OutputFormat.Csv => new CsvResultWriter(new StreamWriter(output, leaveOpen: true) { AutoFlush = false }),
        OutputFormat.Json => new JsonResultWriter(output, asArray: true),
        OutputFormat.Jsonl => new JsonResultWriter(output, asArray: false),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
