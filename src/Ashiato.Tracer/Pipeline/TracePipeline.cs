using System.Threading.Channels;
using Ashiato.Events;
using Ashiato.Events.Jsonl;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Kernel;
using Ashiato.Tracer.Processes;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// ring buffer → decode → enrich → sink, each stage on its own over bounded channels. Items travel in batches (one
/// per drain of the ring), so a stage wakes once per drain, not once per record. Each stage completes its own
/// output; nothing flows back upstream. Losses are counted where they happen and travel down with the counters.
/// </summary>
public sealed class TracePipeline : IDisposable
{
    /// <summary>
    /// Batches the source may queue ahead of decode: about 6 s of drains at the timer's pace, and at most 64 MiB
    /// when the ring is busy (a busy drain is cut into batches of about 1 MiB).
    /// </summary>
    private const int SourceQueueCapacity = 64;

    /// <summary>Batches between later stages; these wait for room, since their input is already bounded.</summary>
    private const int StageQueueCapacity = 64;

    /// <summary>
    /// How often the ring is drained when it is not busy. Every wake-up of the drain thread and of each stage costs
    /// CPU the traced job loses (in a VM, tens of µs before any work), and a larger batch is processed with warmer
    /// caches: on a make -j2 build, 100 ms took the tracer from 0.22 to 0.15 s of CPU compared with 20 ms. A busy
    /// ring is drained again at once (<see cref="RingBufferSource"/>), so bursts do not wait for the timer.
    /// </summary>
    internal static readonly TimeSpan DrainInterval = TimeSpan.FromMilliseconds(100);

    private readonly RingBufferSource _source;
    private readonly Task<TraceSummary> _completion;

    private TracePipeline(KernelTracer kernel, IRecordSink sink, TraceMeta meta, KernelClock clock, AttachSnapshot snapshot, TraceProgress progress)
    {
        Progress = progress;
        var raw = CreateSourceChannel();
        _source = new RingBufferSource(kernel, raw.Writer, DrainInterval);
        _completion = RunStages(raw.Reader, sink, meta, clock, snapshot);
    }

    /// <summary>The queue between the source and decode; the source's TryWrite fails when it is full, and counts it.</summary>
    internal static Channel<SourceItem> CreateSourceChannel() =>
        Channel.CreateBounded<SourceItem>(new BoundedChannelOptions(SourceQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails instead of waiting; the source counts it.
        });

    /// <summary>
    /// decode → enrich → sink over whatever fills <paramref name="raw"/>: the ring buffer, or a recorded capture
    /// (<see cref="OfflineReplay"/>). Completes with the summary once the sink has written the final counters.
    /// </summary>
    internal static Task<TraceSummary> RunStages(
        ChannelReader<SourceItem> raw, TraceFileWriter writer, TraceMeta meta, KernelClock clock, TraceProgress progress,
        AttachSnapshot? snapshot = null) =>
        RunStages(raw, new TraceSink(writer, progress), meta, clock, snapshot);

    /// <summary>decode → enrich → <paramref name="sink"/>: one trace file, or one per job (<c>ashiato agent</c>).</summary>
    internal static Task<TraceSummary> RunStages(
        ChannelReader<SourceItem> raw, IRecordSink sink, TraceMeta meta, KernelClock clock, AttachSnapshot? snapshot = null)
    {
        var decoded = CreateStageChannel<List<KernelRecord>>();
        var enriched = CreateStageChannel<List<SinkItem>>();
        var decode = Task.Run(() => DecodeAsync(raw, decoded.Writer));
        var enrich = Task.Run(() => EnrichAsync(decoded.Reader, enriched.Writer, new EventEnricher(clock), snapshot ?? AttachSnapshot.None));
        return Task.Run(async () =>
        {
            var summary = await sink.RunAsync(meta, enriched.Reader.ReadAllAsync());
            await Task.WhenAll(decode, enrich);
            return summary;
        });
    }

    private static Channel<T> CreateStageChannel<T>() =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(StageQueueCapacity) { SingleReader = true, SingleWriter = true });

    public TraceProgress Progress { get; }

    /// <param name="snapshot">Processes already running in scope (written first, before any live record) and the job tags given them.</param>
    /// <param name="sink">Where the records go, given the progress it reports to.</param>
    public static TracePipeline Start(
        KernelTracer kernel, Func<TraceProgress, IRecordSink> sink, TraceMeta meta, KernelClock clock, AttachSnapshot snapshot)
    {
        var progress = new TraceProgress();
        var pipeline = new TracePipeline(kernel, sink(progress), meta, clock, snapshot, progress);
        pipeline._source.Start();
        return pipeline;
    }

    /// <summary>Stops capturing, lets every stage finish what it holds, and returns the summary.</summary>
    public async Task<TraceSummary> StopAsync()
    {
        _source.Stop();
        return await _completion;
    }

    public void Dispose() => _source.Dispose();

    private static async Task DecodeAsync(ChannelReader<SourceItem> input, ChannelWriter<List<KernelRecord>> output)
    {
        var undecodable = new Dictionary<RecordKind, long>();
        var strings = new Utf8StringCache();
        try
        {
            await foreach (var item in input.ReadAllAsync())
            {
                if (item.Counters is { } counters)
                {
                    foreach (var (lostKind, count) in undecodable)
                    {
                        counters = counters.WithLoss(lostKind, count);
                    }
                    await output.WriteAsync([counters]);
                    continue;
                }
                using var batch = item.Records!;
                var decoded = new List<KernelRecord>(batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    var bytes = batch[i];
                    if (RecordDecoder.Decode(bytes, strings) is { } record)
                    {
                        decoded.Add(record);
                        continue;
                    }
                    var kind = bytes.Length >= 2 ? (RecordKind)BitConverter.ToUInt16(bytes) : 0;
                    undecodable[kind] = undecodable.GetValueOrDefault(kind) + 1;
                }
                if (decoded.Count > 0)
                {
                    await output.WriteAsync(decoded);
                }
            }
        }
        finally
        {
            output.Complete();
        }
    }

    private static async Task EnrichAsync(
        ChannelReader<List<KernelRecord>> input, ChannelWriter<List<SinkItem>> output, EventEnricher enricher,
        AttachSnapshot snapshot)
    {
        var enriched = new List<TraceRecord>();
        try
        {
            if (snapshot.Processes.Count > 0 || snapshot.JobTags.Count > 0)
            {
                enricher.WriteSnapshot(snapshot, enriched);
                await output.WriteAsync([.. enriched.Select(record => new SinkItem(record, null))]);
            }
            await foreach (var batch in input.ReadAllAsync())
            {
                var items = new List<SinkItem>(batch.Count);
                foreach (var record in batch)
                {
                    enriched.Clear();
                    var counters = record is CountersObserved observed ? enricher.Tick(observed, enriched) : null;
                    if (record is ObservedRecord kernelRecord)
                    {
                        enricher.Enrich(kernelRecord, enriched);
                    }
                    foreach (var traceRecord in enriched)
                    {
                        items.Add(new SinkItem(traceRecord, null));
                    }
                    if (counters is not null)
                    {
                        items.Add(new SinkItem(null, counters));
                    }
                }
                if (items.Count > 0)
                {
                    await output.WriteAsync(items);
                }
            }
        }
        finally
        {
            output.Complete();
        }
    }
}
