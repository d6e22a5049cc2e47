using Ashiato.Events;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Tracer.Agent;

/// <summary>
/// The agent's sink: one trace per GitHub Actions job, routed by the <c>job_id</c> the enricher put on the typed
/// records, and one for the host's activity outside jobs. A job's trace opens at its first record (its worker's exec,
/// or its snapshot when the job was already running) and closes once its worker has exited and
/// <see cref="GraceTicks"/> flushes have passed, so that records still in flight (step_end of the last steps, write
/// totals emitted at exit) reach it; it ends with <c>trace_end</c> and a final <c>tracer_stats</c>. Records of a job
/// closed already (orphans it left) go to the host's trace, still carrying their <c>job_id</c>. Every trace is
/// flushed at every counters tick (about once a second), so each flush is one complete gzip member.
/// </summary>
public sealed class JobSplitSink(ITraceOutputs outputs, TraceProgress progress) : IRecordSink
{
    /// <summary>Ticks (about a second each) between a worker's exit and the close of its job's trace.</summary>
    public const int GraceTicks = 2;

    private readonly Dictionary<string, JobTrace> _open = [];
    private readonly HashSet<string> _closed = [];
    private readonly Dictionary<EventKind, long> _events = [];
    private readonly Dictionary<EventKind, long> _hostEvents = [];
    private TraceMeta _meta = null!;
    private ITraceOutput? _host;
    private TracerStats? _lastStats;

    /// <summary>Jobs whose trace is open now.</summary>
    public int OpenJobs => _open.Count;

    public async Task<TraceSummary> RunAsync(TraceMeta meta, IAsyncEnumerable<List<SinkItem>> batches)
    {
        _meta = meta;
        _host = outputs.OpenHost(meta.Timestamp);
        _host?.Write(meta);
        _host?.Flush();
        var ended = false;
        try
        {
            await foreach (var batch in batches)
            {
                foreach (var item in batch)
                {
                    if (item.Event is { } record)
                    {
                        Route(record);
                    }
                    else if (item.Counters is { } counters)
                    {
                        OnCounters(counters);
                        ended |= counters.Final;
                    }
                }
            }
        }
        finally
        {
            if (!ended)
            {
                // The pipeline failed: still leave every trace complete up to here.
                CloseAll(TraceEndReason.AgentStopped, _lastStats);
            }
        }
        return new TraceSummary(
            EventKindNames.Captured.ToDictionary(kind => kind, kind => _events.GetValueOrDefault(kind)), [], [], 0, 0,
            _lastStats ?? throw new InvalidOperationException("the source ended without final counters"));
    }

    private void Route(TraceRecord record)
    {
        _events[record.Kind] = _events.GetValueOrDefault(record.Kind) + 1;
        progress.CountEvent(record.Kind);
        var jobId = record switch
        {
            ProcessEvent { Job: { } job } => job.JobId,
            JobRecord job => job.JobId,
            _ => null,
        };
        if (jobId is null || _closed.Contains(jobId))
        {
            WriteHost(record);
            return;
        }
        if (!_open.TryGetValue(jobId, out var trace))
        {
            trace = new JobTrace(jobId, outputs.OpenJob(jobId, record.Timestamp));
            trace.Output.Write(_meta with { Timestamp = record.Timestamp, JobId = jobId });
            _open[jobId] = trace;
        }
        trace.Write(record);
        if (record is RunnerJobEnd)
        {
            trace.TicksSinceEnd = 0;
        }
    }

    private void WriteHost(TraceRecord record)
    {
        if (_host is not null)
        {
            _host.Write(record);
            _hostEvents[record.Kind] = _hostEvents.GetValueOrDefault(record.Kind) + 1;
        }
    }

    private void OnCounters(CountersObserved counters)
    {
        var stats = TraceSink.StatsOf(counters, _hostEvents);
        progress.SetDropped(stats.TotalDropped);
        if (_host is not null && (counters.Final || stats.TotalDropped != _lastStats?.TotalDropped))
        {
            _host.Write(stats);
        }
        _lastStats = stats;
        if (counters.Final)
        {
            CloseAll(TraceEndReason.AgentStopped, stats);
            return;
        }
        foreach (var trace in _open.Values.ToList())
        {
            if (trace.TicksSinceEnd is { } ticks && ticks >= GraceTicks)
            {
                Close(trace, TraceEndReason.JobEnded, stats);
                continue;
            }
            if (trace.TicksSinceEnd is not null)
            {
                trace.TicksSinceEnd++;
            }
            trace.Output.Flush();
        }
        _host?.Flush();
    }

    private void CloseAll(TraceEndReason reason, TracerStats? stats)
    {
        foreach (var trace in _open.Values.ToList())
        {
            Close(trace, trace.TicksSinceEnd is null ? reason : TraceEndReason.JobEnded, stats);
        }
        _host?.Close();
        _host = null;
    }

    private void Close(JobTrace trace, TraceEndReason reason, TracerStats? machine)
    {
        var now = DateTimeOffset.UtcNow;
        trace.Output.Write(new TraceEnd { Timestamp = now, JobId = trace.JobId, Reason = reason });
        if (machine is not null)
        {
            trace.Output.Write(machine with
            {
                Timestamp = now,
                Events = EventKindNames.Captured.ToDictionary(kind => kind, kind => trace.Events.GetValueOrDefault(kind)),
                Final = true,
            });
        }
        trace.Output.Close();
        _open.Remove(trace.JobId);
        _closed.Add(trace.JobId);
    }

    private sealed class JobTrace(string jobId, ITraceOutput output)
    {
        public string JobId { get; } = jobId;

        public ITraceOutput Output { get; } = output;

        public Dictionary<EventKind, long> Events { get; } = [];

        /// <summary>Counters ticks since the worker exited; null while it runs.</summary>
        public int? TicksSinceEnd { get; set; }

        public void Write(TraceRecord record)
        {
            Output.Write(record);
            Events[record.Kind] = Events.GetValueOrDefault(record.Kind) + 1;
        }
    }
}
