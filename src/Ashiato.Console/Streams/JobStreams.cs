using System.Text.Json;
using Ashiato.Web.Ingest;
using Ashiato.Web.Profiles;
using Ashiato.Web.Storage;
using Microsoft.Extensions.Logging;
using ChunkProtocol = Ashiato.Events.ChunkProtocol;

namespace Ashiato.Web.Streams;

/// <summary>
/// Jobs whose trace arrives in chunks while they run (<c>ashiato agent</c>): created as soon as the agent sees the
/// worker start, chunks appended in order along their hash chain, the job's metadata taken from its own runner_job
/// record, completed by the final chunk, or ended abnormally by <see cref="StreamWatchdog"/> when the agent falls
/// silent. The stored trace is the chunks concatenated, byte for byte. One job's chunks are appended one at a time.
/// </summary>
public sealed class JobStreams(
    IJobCatalog catalog, ITraceBlobStore blobs, StreamStore streams, JobProfiles profiles, AfterUpload afterUpload,
    ConsoleOptions options, TimeProvider time, ILogger<JobStreams> log)
{
    /// <summary>As for jobs created through the API.</summary>
    private const int MaxMetadataLength = 256;

    private readonly Lock _locksGuard = new();
    private readonly Dictionary<JobKey, SemaphoreSlim> _locks = [];

    public enum Outcome
    {
        /// <summary>Appended to the trace.</summary>
        Appended,

        /// <summary>The same chunk again: nothing changed.</summary>
        Duplicate,

        /// <summary>Refused and recorded: other bytes for a chunk already held, a chain that does not continue, or a chunk after the end.</summary>
        Refused,

        NoSuchJob,
    }

    public sealed record AppendResult(Outcome Outcome, string? Reason = null);

    /// <summary>The stream's job, created when the agent first names it; an agent resuming after a restart gets the same.</summary>
    public async Task<(StreamRecord Stream, bool Created)> OpenAsync(
        string org, string streamKey, string? host, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        if (streams.Find(org, streamKey) is { } existing)
        {
            return (existing, false);
        }
        var now = time.GetUtcNow();
        var id = JobId.New(time);
        await catalog.CreateAsync(new JobRecord
        {
            Id = id,
            Org = org,
            Metadata = new JobMetadata($"job on {host ?? "an agent"} (starting)", null, null, null, null),
            CreatedAt = now,
            State = JobState.Running,
        }, ct);
        var stream = new StreamRecord
        {
            Key = new JobKey(org, id),
            StreamKey = streamKey,
            Host = host,
            Labels = labels,
            State = StreamState.Running,
            NextSeq = 0,
            LastSha256 = ChunkProtocol.Genesis,
            LastHeardAt = now,
        };
        try
        {
            streams.Create(stream);
        }
        catch (Microsoft.Data.Sqlite.SqliteException) when (streams.Find(org, streamKey) is { } raced)
        {
            // Two requests for one new stream: the other created it first.
            await catalog.DeleteAsync(stream.Key, ct);
            return (raced, false);
        }
        return (stream, true);
    }

    public StreamRecord? Get(JobKey key) => streams.Get(key);

    public void Heartbeat(JobKey key) => streams.Heard(key, time.GetUtcNow());

    public async Task<AppendResult> AppendAsync(JobKey key, long seq, string previous, bool final, ReadOnlyMemory<byte> chunk, CancellationToken ct)
    {
        var gate = LockOf(key);
        await gate.WaitAsync(ct);
        try
        {
            return await AppendLockedAsync(key, seq, previous, final, chunk, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Ends a stream the agent stopped feeding: the trace so far is stored as the job's, marked as ended abnormally.</summary>
    public async Task EndAbnormallyAsync(StreamRecord stream, CancellationToken ct)
    {
        var gate = LockOf(stream.Key);
        await gate.WaitAsync(ct);
        try
        {
            if (streams.Get(stream.Key) is not { State: StreamState.Running } current || current.LastHeardAt > stream.LastHeardAt)
            {
                return; // heard again meanwhile, or ended
            }
            streams.RecordFault(stream.Key, new StreamFault(time.GetUtcNow(), current.NextSeq, "ended_abnormally",
                $"trace ended abnormally: the agent was last heard at {current.LastHeardAt:O}, before the job's final chunk"));
            await FinishAsync(current, StreamState.Abnormal, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    public IReadOnlyList<StreamFault> Faults(JobKey key) => streams.Faults(key);

    public IReadOnlyList<StoredChunk> Chunks(JobKey key) => streams.Chunks(key);

    private async Task<AppendResult> AppendLockedAsync(JobKey key, long seq, string previous, bool final, ReadOnlyMemory<byte> chunk, CancellationToken ct)
    {
        if (streams.Get(key) is not { } stream)
        {
            return new AppendResult(Outcome.NoSuchJob);
        }
        var now = time.GetUtcNow();
        var sha = ChunkProtocol.Sha256(chunk.Span);
        if (seq < stream.NextSeq)
        {
            if (streams.ChunkSha256(key, seq) == sha)
            {
                streams.Heard(key, now);
                return new AppendResult(Outcome.Duplicate);
            }
            return Refuse(key, seq, "conflicting_chunk", $"chunk {seq} differs from the chunk {seq} already stored (SHA-256 {sha})");
        }
        var late = stream.State == StreamState.Abnormal && seq == stream.NextSeq && previous == stream.LastSha256;
        if (stream.State != StreamState.Running && !late)
        {
            return Refuse(key, seq, "after_end", $"chunk {seq} came after the trace ended ({stream.State.ToWire()})");
        }
        var content = ChunkContent.Read(chunk, options.TraceLimits);
        if (seq > stream.NextSeq)
        {
            // Chunks in between never came (an agent's spool lost): keep what comes, and say what is missing.
            streams.RecordFault(key, new StreamFault(now, seq, "gap", $"chunks {stream.NextSeq} to {seq - 1} are missing"));
        }
        else if (previous != stream.LastSha256)
        {
            return Refuse(key, seq, "broken_chain", $"chunk {seq} names {previous} as its predecessor; the stored chunk {seq - 1} is {stream.LastSha256}");
        }
        await blobs.AppendAsync(key, chunk, ct);
        streams.Appended(key, seq, sha, chunk.Length, now);
        if (content.RunnerJob is { } runnerJob)
        {
            TakeMetadata(key, runnerJob);
        }
        profiles.Forget(key);
        if (late)
        {
            // Evidence a restarted agent sends about the end (who killed the last one): kept, the end stays abnormal.
            streams.RecordFault(key, new StreamFault(now, seq, "after_abnormal_end", $"chunk {seq} continued the chain after the trace ended abnormally"));
            await StoreSummaryAsync(key, ct);
        }
        else if (final)
        {
            await FinishAsync(streams.Get(key)!, StreamState.Completed, ct);
        }
        return new AppendResult(Outcome.Appended);
    }

    private AppendResult Refuse(JobKey key, long seq, string kind, string detail)
    {
        log.LogWarning("job {Job}: refused {Detail}", key.Id, detail);
        streams.RecordFault(key, new StreamFault(time.GetUtcNow(), seq, kind, detail));
        return new AppendResult(Outcome.Refused, detail);
    }

    /// <summary>The job's name and origin from its runner_job record: the worker's own account, not the agent's.</summary>
    private void TakeMetadata(JobKey key, JsonElement runnerJob)
    {
        string? Field(string name) => runnerJob.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var repository = Field("repository");
        var name = Field("job") is { } job
            ? repository is null ? job : $"{repository} {job} #{Field("run_id")}"
            : $"job {Field("job_id")} on {Field("runner_name") ?? "a runner"}";
        streams.SetMetadata(key, Truncate(name)!, Truncate(repository), Truncate(Field("workflow_ref")), Truncate(Field("run_id")));
        streams.SetRunner(key, Truncate(Field("runner_name")), Truncate(Field("workflow_ref")), Truncate(Field("run_attempt")));
    }

    /// <summary>
    /// Stores the trace's figures in the catalog, then moves the stream to its end state, so that whoever sees the stream
    /// ended sees the job ready. Called under the job's lock, so it runs once.
    /// </summary>
    private async Task FinishAsync(StreamRecord stream, StreamState state, CancellationToken ct)
    {
        if (streams.Get(stream.Key) is not { State: StreamState.Running })
        {
            return;
        }
        await StoreSummaryAsync(stream.Key, ct);
        streams.End(stream.Key, state);
        profiles.Forget(stream.Key);
        afterUpload.Enqueue(stream.Key);
    }

    /// <summary>The jobs list's figures of the trace as stored now, and the job ready to read.</summary>
    private async Task StoreSummaryAsync(JobKey key, CancellationToken ct)
    {
        if (blobs.LocalPath(key) is not { } path)
        {
            await catalog.CompleteUploadAsync(key, EmptySummary(null), ct);
            return;
        }
        try
        {
            await catalog.CompleteUploadAsync(key, TraceValidation.Validate(path, new FileInfo(path).Length, options.TraceLimits, ct), ct);
        }
        catch (TraceRejectedException e)
        {
            streams.RecordFault(key, new StreamFault(time.GetUtcNow(), streams.Get(key)?.NextSeq ?? 0, "invalid_trace", e.Message));
            await catalog.CompleteUploadAsync(key, EmptySummary(path), ct);
        }
    }

    private static Storage.TraceSummary EmptySummary(string? path) => new()
    {
        Bytes = path is null ? 0 : new FileInfo(path).Length,
        Events = 0,
        Counts = new Dictionary<string, long>(),
    };

    private static string? Truncate(string? text) => text is null || text.Length <= MaxMetadataLength ? text : text[..MaxMetadataLength];

    private SemaphoreSlim LockOf(JobKey key)
    {
        lock (_locksGuard)
        {
            if (!_locks.TryGetValue(key, out var gate))
            {
                gate = new SemaphoreSlim(1, 1);
                _locks[key] = gate;
            }
            return gate;
        }
    }
}
