using Ashiato.Events;

namespace Ashiato.Tracer.Session;

public sealed record TraceRequest
{
    public required TraceScope Scope { get; init; }

    /// <summary>argv of the command to run and trace, for <see cref="TraceScope.Command"/>.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>The root of the running tree to follow, for <see cref="TraceScope.Pid"/>.</summary>
    public int? Pid { get; init; }

    /// <summary>Where the trace goes: a .jsonl.gz (or .jsonl) path, or <c>-</c> for JSONL on stdout.</summary>
    public required string Output { get; init; }

    public bool EveryOpen { get; init; }

    /// <summary>Where the records go instead of <see cref="Output"/>: the agent's per-job traces.</summary>
    public Func<Pipeline.TraceProgress, Pipeline.IRecordSink>? Sink { get; init; }

    /// <summary>Written into trace_meta (the agent's <c>--label k=v</c>).</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

public sealed record TraceOutcome(int ExitCode, Pipeline.TraceSummary Summary);
