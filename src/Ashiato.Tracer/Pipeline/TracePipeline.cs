using System.Buffers;
using System.Threading.Channels;
using Ashiato.Events;
using Ashiato.Events.Jsonl;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Kernel;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// ring buffer → decode → enrich → sink, each stage on its own over bounded channels. Each stage completes its
/// own output; nothing flows back upstream. Losses are counted where they happen and travel down with the counters.
/// </summary>
public sealed class TracePipeline : IDisposable
{
    private const int QueueCapacity = 1 << 17;
    private static readonly TimeSpan DrainInterval = TimeSpan.FromMilliseconds(20);

    private readonly RingBufferSource _source;
    private readonly Task<TraceSummary> _completion;

    private TracePipeline(KernelTracer kernel, TraceFileWriter writer, TraceMeta meta, KernelClock clock)
    {
        var raw = CreateSourceChannel();
        _source = new RingBufferSource(kernel, raw.Writer, DrainInterval);
        _completion = RunStages(raw.Reader, writer, meta, clock, Progress);
    }

    /// <summary>The queue between the source and decode; the source's TryWrite fails when it is full, and counts it.</summary>
    internal static Channel<SourceItem> CreateSourceChannel() =>
        Channel.CreateBounded<SourceItem>(new BoundedChannelOptions(QueueCapacity)
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
        ChannelReader<SourceItem> raw, TraceFileWriter writer, TraceMeta meta, KernelClock clock, TraceProgress progress)
    {
        var decoded = Channel.CreateBounded<KernelRecord>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, SingleWriter = true });
        var enriched = Channel.CreateBounded<SinkItem>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, SingleWriter = true });
        var decode = Task.Run(() => DecodeAsync(raw, decoded.Writer));
        var enrich = Task.Run(() => EnrichAsync(decoded.Reader, enriched.Writer, new EventEnricher(clock)));
        var sink = new TraceSink(writer, progress);
        return Task.Run(async () =>
        {
            var summary = await sink.RunAsync(meta, enriched.Reader.ReadAllAsync());
            await Task.WhenAll(decode, enrich);
            return summary;
        });
    }

    public TraceProgress Progress { get; } = new();

    public static TracePipeline Start(KernelTracer kernel, TraceFileWriter writer, TraceMeta meta, KernelClock clock)
    {
        var pipeline = new TracePipeline(kernel, writer, meta, clock);
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

    private static async Task DecodeAsync(ChannelReader<SourceItem> input, ChannelWriter<KernelRecord> output)
    {
        var undecodable = new Dictionary<RecordKind, long>();
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
                    await output.WriteAsync(counters);
                    continue;
                }
                var buffer = item.Buffer!;
                var record = RecordDecoder.Decode(buffer.AsSpan(0, item.Length));
                var kind = item.Length >= 2 ? (RecordKind)BitConverter.ToUInt16(buffer, 0) : 0;
                ArrayPool<byte>.Shared.Return(buffer);
                if (record is null)
                {
                    undecodable[kind] = undecodable.GetValueOrDefault(kind) + 1;
                    continue;
                }
                await output.WriteAsync(record);
            }
        }
        finally
        {
            output.Complete();
        }
    }

    private static async Task EnrichAsync(ChannelReader<KernelRecord> input, ChannelWriter<SinkItem> output, EventEnricher enricher)
    {
        var enriched = new List<TraceRecord>();
        try
        {
            await foreach (var record in input.ReadAllAsync())
            {
                enriched.Clear();
                var counters = record is CountersObserved observed ? enricher.Tick(observed, enriched) : null;
                if (record is ObservedRecord kernelRecord)
                {
                    enricher.Enrich(kernelRecord, enriched);
                }
                foreach (var traceRecord in enriched)
                {
                    await output.WriteAsync(new SinkItem(traceRecord, null));
                }
                if (counters is not null)
                {
                    await output.WriteAsync(new SinkItem(null, counters));
                }
            }
        }
        finally
        {
            output.Complete();
        }
    }
}
