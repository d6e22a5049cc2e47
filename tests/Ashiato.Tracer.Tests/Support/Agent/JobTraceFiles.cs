using System.Text.Json;

namespace Ashiato.Tracer.Tests.Support.Agent;

/// <summary>The traces <c>ashiato agent --out DIR</c> wrote: one per job, named by its job id, and the host's.</summary>
public static class JobTraceFiles
{
    /// <summary>The trace of the job whose worker had <paramref name="workerPid"/>: <c>&lt;pid&gt;-&lt;exec ms&gt;.jsonl.gz</c>.</summary>
    public static string? Of(string directory, int workerPid) =>
        Directory.EnumerateFiles(directory, $"{workerPid}-*.jsonl.gz").SingleOrDefault();

    /// <summary>Its records, or none while a flush is being written.</summary>
    public static IReadOnlyList<JsonElement> TryRead(string? path)
    {
        try
        {
            return path is null || !File.Exists(path) ? [] : AshiatoCli.ReadTrace(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or JsonException)
        {
            return [];
        }
    }

    /// <summary>True once the trace holds its trace_end record.</summary>
    public static bool Ended(IReadOnlyList<JsonElement> records) => records.Any(r => r.Str("type") == "trace_end");

    /// <summary>A job trace as the agent closes it: trace_meta naming the job first, trace_end then tracer_stats (final) last.</summary>
    public static void AssertWellFormed(IReadOnlyList<JsonElement> records, string jobId, string reason)
    {
        Assert.Equal(("trace_meta", jobId), (records[0].Str("type"), records[0].Str("job_id")));
        Assert.Equal(("trace_end", reason), (records[^2].Str("type"), records[^2].Str("reason")));
        Assert.Equal("tracer_stats", records[^1].Str("type"));
        Assert.True(records[^1].GetProperty("final").GetBoolean());
        // No record of another job: every job_id in it is its own.
        Assert.All(records.Where(r => r.TryGetProperty("job_id", out _)), r => Assert.Equal(jobId, r.Str("job_id")));
    }
}
