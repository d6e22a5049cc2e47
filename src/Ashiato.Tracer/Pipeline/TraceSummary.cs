using Ashiato.Events;

namespace Ashiato.Tracer.Pipeline;

/// <summary>What the trace held, for the end-of-run summary.</summary>
public sealed record TraceSummary(
    IReadOnlyDictionary<EventKind, long> Events,
    IReadOnlyList<(string Executable, int Execs)> TopExecutables,
    IReadOnlyList<(string Path, long Bytes)> TopWrites,
    int FilesWritten,
    long BytesWritten,
    TracerStats FinalStats);
