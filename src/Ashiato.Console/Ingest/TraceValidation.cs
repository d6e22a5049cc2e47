using Ashiato.Events.Jsonl;
using Ashiato.Web.Storage;

namespace Ashiato.Web.Ingest;

/// <summary>
/// Checks a staged upload before it is stored: gzip, every line valid by the format contract and its types
/// (<see cref="TraceLineContract"/>), complete to its last byte, and within <paramref name="limits"/> while it is
/// decompressed, so neither a gzip bomb nor a line without its newline is ever held in memory. Returns the figures for
/// the catalog; throws <see cref="TraceRejectedException"/> (400) or <see cref="UploadTooLargeException"/> (413) naming
/// the problem.
/// </summary>
public static class TraceValidation
{
    public static TraceSummary Validate(string path, long bytes, TraceReadLimits limits, CancellationToken ct)
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
        using var reader = new TraceLineReader(File.OpenRead(path), path) { Limits = limits };
        try
        {
            while (reader.TryReadLine(out var line))
            {
                if ((line.Number & 0x3ff) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
                if (TraceLineContract.Check(line.Utf8.Span) is { } reason)
                {
                    throw new TraceRejectedException($"line {line.Number}: {reason}", line.Number);
                }
                summary.Add(line.Utf8.Span);
            }
        }
        catch (TraceLimitException e) when (e.Limit == TraceLimit.TotalSize)
        {
            throw new UploadTooLargeException(e.Message);
        }
        catch (TraceLimitException e)
        {
            throw new TraceRejectedException(e.Message, e.Line);
        }
        if (reader.Tail is { CutShort: true, Reason: var cut })
        {
            throw new TraceRejectedException($"the trace is cut off: {cut}", reader.Tail.LastCompleteLine + 1);
        }
        var result = summary.Build(bytes);
        return result.Events == 0 ? throw new TraceRejectedException("the trace holds no lines") : result;
    }
}
