using System.Text.Json;
using Ashiato.Events.Jsonl;
using Ashiato.Web.Ingest;

namespace Ashiato.Web.Streams;

/// <summary>What a chunk's lines tell the console: the job's metadata, when its runner_job record is in it.</summary>
public sealed record ChunkContent(long Lines, JsonElement? RunnerJob)
{
    /// <summary>
    /// Checks a chunk as an upload is checked: gzip, every line valid by the format contract's types, no line cut short,
    /// within the console's line and size limits (counted while decompressing: a small chunk can be a gzip bomb). Pure
    /// over the bytes; throws <see cref="TraceRejectedException"/> naming the problem.
    /// </summary>
    public static ChunkContent Read(ReadOnlyMemory<byte> chunk, TraceReadLimits limits)
    {
        if (chunk.Length < 2 || chunk.Span[0] != 0x1f || chunk.Span[1] != 0x8b)
        {
            throw new TraceRejectedException("the chunk is not gzip: send one complete gzip member of the trace");
        }
        using var reader = new TraceLineReader(new MemoryStream(chunk.ToArray(), writable: false), "chunk") { Limits = limits };
        JsonElement? runnerJob = null;
        long lines = 0;
        try
        {
            while (reader.TryReadLine(out var line))
            {
                if (TraceLineContract.Check(line.Utf8.Span) is { } reason)
                {
                    throw new TraceRejectedException($"line {line.Number} of the chunk: {reason}", line.Number);
                }
                lines++;
                if (runnerJob is null && line.Utf8.Span.IndexOf("\"type\":\"runner_job\""u8) >= 0)
                {
                    runnerJob = JsonDocument.Parse(line.Utf8).RootElement.Clone();
                }
            }
        }
        catch (TraceLimitException e)
        {
            throw new TraceRejectedException($"the chunk: {e.Message}", e.Line);
        }
        if (reader.Tail is { CutShort: true, Reason: var cut })
        {
            throw new TraceRejectedException($"the chunk is cut off: {cut}", reader.Tail.LastCompleteLine + 1);
        }
        return new ChunkContent(lines, runnerJob);
    }
}
