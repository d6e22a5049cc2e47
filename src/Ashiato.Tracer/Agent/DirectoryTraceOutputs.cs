using System.Globalization;
using Ashiato.Events;
using Ashiato.Events.Jsonl;

namespace Ashiato.Tracer.Agent;

/// <summary>
/// Traces as files in one directory: <c>&lt;job_id&gt;.jsonl.gz</c> per job, <c>host-&lt;start&gt;.jsonl.gz</c> for
/// the host's activity outside jobs (unless dropped). Each flush appends one gzip member, so a file read while the
/// job runs, or left by a killed agent, is valid up to its last flush.
/// </summary>
public sealed class DirectoryTraceOutputs : ITraceOutputs
{
    private readonly string _directory;
    private readonly bool _dropHost;

    public DirectoryTraceOutputs(string directory, bool dropHostActivity)
    {
        _directory = directory;
        _dropHost = dropHostActivity;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot write traces into {directory}: {e.Message}", e);
        }
    }

    /// <summary>The file of a job's trace.</summary>
    public static string JobFile(string directory, string jobId) => Path.Combine(directory, jobId + ".jsonl.gz");

    public ITraceOutput OpenJob(string jobId, DateTimeOffset start) => new FileOutput(TraceFileWriter.Create(JobFile(_directory, jobId)));

    public ITraceOutput? OpenHost(DateTimeOffset start) => _dropHost
        ? null
        : new FileOutput(TraceFileWriter.Create(Path.Combine(_directory,
            "host-" + start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".jsonl.gz")));

    private sealed class FileOutput(TraceFileWriter writer) : ITraceOutput
    {
        public void Write(TraceRecord record) => writer.Write(record);

        public void Flush() => writer.Flush();

        public void Close() => writer.Dispose();
    }
}
