using Ashiato.Events.Jsonl;
using Ashiato.Web.Storage;

namespace Ashiato.Web.Ingest;

/// <summary>
/// Checks a staged upload before it is stored: gzip, every line valid by the format contract, complete to its last
/// byte. Returns the figures for the catalog; throws <see cref="TraceRejectedException"/> naming the problem.
/// </summary>
public static class TraceValidation
{
    public static TraceSummary Validate(string path, long bytes, CancellationToken ct)
    {
        using (var head = File.OpenRead(path))
        {
            Span<byte> magic = stackalloc byte[2];
            if (head.ReadAtLeast(magic, 2, throwOnEndOfStream: false) < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
            {
                throw new TraceRejectedException("the body is not gzip: upload the trace as .jsonl.gz");
            }
        }
        var summary = new TraceSummaryBuilder();
        using var reader = TraceLineReader.Open(path);
        while (reader.TryReadLine(out var line))
        {
            if ((line.Number & 0x3ff) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            if (TraceLineValidator.Validate(line.Utf8.Span) is { } reason)
            {
                throw new TraceRejectedException($"line {line.Number}: {reason}", line.Number);
            }
            summary.Add(line.Utf8.Span);
        }
        if (reader.Tail is { CutShort: true, Reason: var cut })
        {
            throw new TraceRejectedException($"the trace is cut off: {cut}", reader.Tail.LastCompleteLine + 1);
        }
        var result = summary.Build(bytes);
        return result.Events == 0 ? throw new TraceRejectedException("the trace holds no lines") : result;
    }
}
