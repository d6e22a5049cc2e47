namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// What one offline replay pushed through the pipeline, how long it took (wall and process CPU), what the pipeline
/// allocated and how many garbage collections that cost, and what it wrote.
/// </summary>
public sealed record OfflineReplayResult(
    long Records, long Events, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes, int Collections, long OutputBytes)
{
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;

    public double EventsPerSecond => Events / Elapsed.TotalSeconds;

    public double CpuMicrosecondsPerRecord => Records == 0 ? 0 : Cpu.TotalMicroseconds / Records;

    public double AllocatedBytesPerRecord => Records == 0 ? 0 : (double)AllocatedBytes / Records;

    public double BytesPerEvent => Events == 0 ? 0 : (double)OutputBytes / Events;
}
