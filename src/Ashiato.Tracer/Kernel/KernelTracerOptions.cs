namespace Ashiato.Tracer.Kernel;

public sealed record KernelTracerOptions
{
    /// <summary>Trace every process on the machine instead of the tracked tree.</summary>
    public bool ScopeAll { get; init; }

    /// <summary>Emit a file_open for every open, not once per process, file and access mode.</summary>
    public bool EveryOpen { get; init; }

    /// <summary>The tracer's own tgid, never traced.</summary>
    public required int TracerTgid { get; init; }

    /// <summary>
    /// Where in bpffs to pin the map of the last signal sent to the tracer (the agent's), so that it outlives a tracer
    /// killed with SIGKILL and the next one can say who did it; null: not pinned.
    /// </summary>
    public string? LastSignalPin { get; init; }
}
