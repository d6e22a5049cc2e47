using System.Buffers.Binary;
using System.Diagnostics;
using Ashiato.Events;
using Ashiato.Events.Jsonl;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Kernel;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// Feeds a raw capture (<see cref="RawCaptureWriter"/>) through the same decode → enrich → sink stages as a live
/// trace, with no kernel, to measure what the user-space pipeline sustains (decode, enrich, serialize, gzip).
/// The capture is read into memory first so that the timing covers the pipeline, not the disk.
/// </summary>
public static class OfflineReplay
{
    /// <summary>Records per batch when unpaced: about what one drain of a busy live ring holds.</summary>
    private const int UnpacedRecordsPerBatch = 1024;

    /// <summary>
    /// Replays the capture <paramref name="repeat"/> times in one trace written to <paramref name="outputPath"/>.
    /// Unpaced, records are fed in batches as fast as the pipeline takes them (its throughput). With
    /// <paramref name="recordsPerDrain"/>, one batch of that many is fed per drain interval like the live drain, so the CPU
    /// time per record shows the cost of a pipeline that keeps catching up with a trickle.
    /// </summary>
    public static async Task<OfflineReplayResult> RunAsync(string capturePath, string outputPath, int repeat = 1, int? recordsPerDrain = null)
    {
        var (clock, records) = Load(capturePath);
        var perBatch = recordsPerDrain ?? UnpacedRecordsPerBatch;
        var batches = new List<RecordBatch>();
        for (var round = 0; round < repeat; round++)
        {
            foreach (var record in records)
            {
                if (batches.Count == 0 || batches[^1].Count == perBatch)
                {
                    batches.Add(new RecordBatch());
                }
                batches[^1].Append(record);
            }
        }
        var lastKtime = records.Count == 0 ? 0 : RecordKtime(records[^1]);
        var noLosses = new KernelCounters(new Dictionary<RecordKind, long>(), new Dictionary<StatSlot, long>());
        var final = new CountersObserved(noLosses, new Dictionary<RecordKind, long>(), 0, Final: true, lastKtime);

        var writer = TraceFileWriter.Create(outputPath);
        var channel = TracePipeline.CreateSourceChannel();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var collectionsBefore = GC.CollectionCount(0);
        var stopwatch = Stopwatch.StartNew();
        var stages = TracePipeline.RunStages(channel.Reader, writer, Meta(capturePath), clock, new TraceProgress());
        var fedAt = TimeSpan.Zero;
        for (var i = 0; i < batches.Count; i++)
        {
            if (recordsPerDrain is not null && i > 0)
            {
                await DelayUntil(stopwatch, fedAt + TracePipeline.DrainInterval);
            }
            fedAt = stopwatch.Elapsed;
            await channel.Writer.WriteAsync(new SourceItem(batches[i], null));
        }
        await channel.Writer.WriteAsync(new SourceItem(null, final));
        channel.Writer.Complete();
        var summary = await stages;
        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var collections = GC.CollectionCount(0) - collectionsBefore;
        return new OfflineReplayResult(
            records.Count * repeat, summary.Events.Values.Sum(), stopwatch.Elapsed, cpu, allocated, collections, new FileInfo(outputPath).Length);
    }

    /// <summary>
    /// Task.Delay counts in whole milliseconds of a coarse clock and may end a little early; a paced replay must
    /// never feed faster than the live drain does, so it waits again for what is left.
    /// </summary>
    private static async Task DelayUntil(Stopwatch stopwatch, TimeSpan due)
    {
        for (var left = due - stopwatch.Elapsed; left > TimeSpan.Zero; left = due - stopwatch.Elapsed)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)));
        }
    }

    private static (KernelClock Clock, List<byte[]> Records) Load(string capturePath)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(capturePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read the raw capture {capturePath}: {e.Message}", e);
        }
        var headerLength = RawCaptureWriter.Magic.Length + 2 * sizeof(long);
        if (bytes.Length < headerLength || !bytes.AsSpan(0, RawCaptureWriter.Magic.Length).SequenceEqual(RawCaptureWriter.Magic))
        {
            throw new UserFacingException($"{capturePath} is not a raw capture written with {RawCaptureWriter.EnvironmentVariable}");
        }
        var wallTicks = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(RawCaptureWriter.Magic.Length));
        var monotonicNs = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(RawCaptureWriter.Magic.Length + sizeof(long)));
        var clock = new KernelClock(new DateTimeOffset(wallTicks, TimeSpan.Zero), monotonicNs);
        var records = new List<byte[]>();
        var offset = headerLength;
        while (offset + sizeof(int) <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            offset += sizeof(int);
            if (length < 0 || offset + length > bytes.Length)
            {
                break; // A capture cut short by a killed tracer: keep the whole records before the cut.
            }
            records.Add(bytes.AsSpan(offset, length).ToArray());
            offset += length;
        }
        return (clock, records);
    }

    private static ulong RecordKtime(byte[] record) =>
        record.Length >= 16 ? BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(8)) : 0;

    private static TraceMeta Meta(string capturePath) => new()
    {
        Timestamp = DateTimeOffset.UtcNow,
        TracerVersion = typeof(OfflineReplay).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        Kernel = "offline replay of " + Path.GetFileName(capturePath),
        Hostname = Environment.MachineName,
        Scope = TraceScope.Command,
    };
}
