using Ashiato.Events;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// The pipeline's last stage: the only owner of what is written. One trace file (<see cref="TraceSink"/>), or one
/// trace per job (<see cref="Agent.JobSplitSink"/>).
/// </summary>
public interface IRecordSink
{
    /// <summary>Consumes every batch; completes with the summary once the final counters have been written.</summary>
    Task<TraceSummary> RunAsync(TraceMeta meta, IAsyncEnumerable<List<SinkItem>> batches);
}
