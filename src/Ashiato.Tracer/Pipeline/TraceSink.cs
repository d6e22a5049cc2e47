using Ashiato.Events;
using Ashiato.Events.Jsonl;
using Ashiato.Tracer.Abi;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// The last stage: the only owner of the output file. Writes trace_meta first, then events; flushes whenever
/// counters arrive (about once a second) so a killed tracer loses at most that last second; writes
/// tracer_stats periodically and as the last line.
/// </summary>
internal sealed class TraceSink(TraceFileWriter writer, TraceProgress progress) : IRecordSink
{
    private const int CountersPerStatsRecord = 10;

    private readonly Dictionary<EventKind, long> _events = [];
    private readonly Dictionary<string, int> _executables = [];
    private readonly Dictionary<string, long> _writes = [];
    private TracerStats? _lastStats;
    private int _countersSeen;

    public async Task<TraceSummary> RunAsync(TraceMeta meta, IAsyncEnumerable<List<SinkItem>> batches)
    {
        try
        {
            writer.Write(meta);
            writer.Flush();
            await foreach (var batch in batches)
            {
                foreach (var item in batch)
                {
                    if (item.Event is { } record)
                    {
                        Write(record);
                    }
                    else if (item.Counters is { } counters)
                    {
                        OnCounters(counters);
                    }
                }
            }
        }
        finally
        {
            writer.Dispose();
        }
        return Summarize();
    }

    private void Write(TraceRecord record)
    {
        writer.Write(record);
        _events[record.Kind] = _events.GetValueOrDefault(record.Kind) + 1;
        progress.CountEvent(record.Kind);
        switch (record)
        {
            case ProcessExec exec:
                var executable = exec.Exe ?? exec.Filename;
                _executables[executable] = _executables.GetValueOrDefault(executable) + 1;
                break;
            case FileWrite write:
                _writes[write.Path] = _writes.GetValueOrDefault(write.Path) + write.Bytes;
                break;
        }
    }

    private void OnCounters(CountersObserved counters)
    {
        var stats = ToStats(counters);
        progress.SetDropped(stats.TotalDropped);
        _countersSeen++;
        var changed = _lastStats is null || stats.TotalDropped != _lastStats.TotalDropped;
        if (counters.Final || changed || _countersSeen % CountersPerStatsRecord == 0)
        {
            writer.Write(stats);
        }
        _lastStats = stats;
        writer.Flush();
    }

    private TracerStats ToStats(CountersObserved counters) => StatsOf(counters, _events);

    /// <summary>
    /// tracer_stats for <paramref name="events"/> (what this trace holds) and the losses in <paramref name="counters"/>,
    /// which are the machine's: a loss cannot be told apart by trace.
    /// </summary>
    internal static TracerStats StatsOf(CountersObserved counters, IReadOnlyDictionary<EventKind, long> events)
    {
        var dropped = EventKindNames.Captured.ToDictionary(kind => kind, _ => 0L);
        foreach (var (kind, count) in counters.Kernel.RingDrops.Concat(counters.UserSpaceLosses))
        {
            if (RecordKindEvents.EventKindOf(kind) is { } eventKind)
            {
                dropped[eventKind] += count;
            }
        }
        return new TracerStats
        {
            Timestamp = DateTimeOffset.UtcNow,
            Events = EventKindNames.Captured.ToDictionary(kind => kind, kind => events.GetValueOrDefault(kind)),
            Dropped = dropped,
            Truncated = new TruncationCounts(
                counters.Kernel.Stats.GetValueOrDefault(StatSlot.ArgsTruncated),
                counters.Kernel.Stats.GetValueOrDefault(StatSlot.PathTruncated))
            {
                Env = counters.Kernel.Stats.GetValueOrDefault(StatSlot.EnvTruncated),
            },
            MalformedDns = counters.MalformedDns,
            Final = counters.Final,
        };
    }

    private TraceSummary Summarize() => new(
        EventKindNames.Captured.ToDictionary(kind => kind, kind => _events.GetValueOrDefault(kind)),
        [.. _executables.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(10).Select(p => (p.Key, p.Value))],
        [.. _writes.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(10).Select(p => (p.Key, p.Value))],
        _writes.Count,
        _writes.Values.Sum(),
        _lastStats ?? throw new InvalidOperationException("the source ended without final counters"));
}
