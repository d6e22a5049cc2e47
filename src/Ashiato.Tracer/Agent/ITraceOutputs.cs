using Ashiato.Events;

namespace Ashiato.Tracer.Agent;

/// <summary>Where <see cref="JobSplitSink"/> puts each job's trace and the host's: files, or chunks for a console.</summary>
public interface ITraceOutputs
{
    /// <summary>A new job's trace; called at the first record of the job (its worker's exec, or its snapshot).</summary>
    ITraceOutput OpenJob(string jobId, DateTimeOffset start);

    /// <summary>The trace of what ran outside every job, or null when host activity is dropped.</summary>
    ITraceOutput? OpenHost(DateTimeOffset start);
}

/// <summary>One trace being written. Used by the sink stage only, so never from two threads.</summary>
public interface ITraceOutput
{
    void Write(TraceRecord record);

    /// <summary>Everything written so far leaves as one complete gzip member (about once a second).</summary>
    void Flush();

    /// <summary>The trace is complete: flushes the rest and releases the output.</summary>
    void Close();
}
