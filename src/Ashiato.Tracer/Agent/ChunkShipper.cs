using Ashiato.Events;

namespace Ashiato.Tracer.Agent;

/// <summary>What a stream lost to a full spool since it last said so in its trace.</summary>
public sealed record StreamLoss(long Chunks, long Bytes, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Sends each job's chunks to the console in order, on its own task, so the traced jobs never wait for the network.
/// The sink offers chunks (<see cref="Offer"/>): each gets its sequence number and the hash of the one before only when
/// the spool takes it, so a chunk lost to a full spool leaves no hole in the chain; the loss is written into the trace
/// instead (<see cref="TakeLoss"/>). A console that is down, answers 5xx, hangs or refuses the token is retried with
/// backoff (1 s doubling to 8 s) while chunks wait in the spool. Every open stream sends a heartbeat each second in
/// which it sent nothing else, so the console can tell a silent agent from a quiet job.
/// </summary>
public sealed class ChunkShipper : IAsyncDisposable
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);
    /// <summary>A console back after an outage gets the spool within this; more would only delay the catch-up.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    private readonly ConsoleStreamClient _client;
    private readonly ChunkSpool _spool;
    private readonly string _host;
    private readonly IReadOnlyDictionary<string, string> _labels;
    private readonly TextWriter _log;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StreamState> _streams = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private TimeSpan _backoff = TimeSpan.Zero;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private string? _lastLogged;

    public ChunkShipper(ConsoleStreamClient client, ChunkSpool spool, string host, IReadOnlyDictionary<string, string> labels, TextWriter log)
    {
        _client = client;
        _spool = spool;
        _host = host;
        _labels = labels;
        _log = log;
        foreach (var chunk in spool.Recover())
        {
            // An earlier agent's streams: sent as they are. Their jobs end abnormally unless their final chunk is here.
            var stream = StreamOf(chunk.StreamKey);
            stream.Pending.Enqueue(chunk);
            stream.NextSeq = chunk.Seq + 1;
            stream.Last = ChunkProtocol.Sha256(chunk.Read());
            stream.Closed |= chunk.Final;
            stream.Recovered = true;
        }
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Chunks waiting for the console, in all streams.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _streams.Values.Sum(s => s.Pending.Count);
            }
        }
    }

    /// <summary>A job's stream starts: the console job is created at once, before its first chunk.</summary>
    public void Open(string streamKey)
    {
        lock (_lock)
        {
            // The same job found again after a restart: this agent keeps it alive now.
            StreamOf(streamKey).Recovered = false;
        }
        _wake.Release();
    }

    /// <summary>Queues a chunk, or counts it lost when the spool has no room. Never blocks on the network.</summary>
    public void Offer(string streamKey, byte[] chunk, bool final, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_lock)
        {
            var stream = StreamOf(streamKey);
            var pending = _spool.TryAdd(streamKey, stream.NextSeq, stream.Last, final, chunk);
            if (pending is null)
            {
                var lost = stream.Loss;
                stream.Loss = new StreamLoss((lost?.Chunks ?? 0) + 1, (lost?.Bytes ?? 0) + chunk.Length, lost?.From ?? from, to);
                return;
            }
            stream.Pending.Enqueue(pending);
            stream.NextSeq++;
            stream.Last = ChunkProtocol.Sha256(chunk);
            stream.Closed |= final;
        }
        _wake.Release();
    }

    /// <summary>The loss to record in the stream's trace now, once.</summary>
    public StreamLoss? TakeLoss(string streamKey)
    {
        lock (_lock)
        {
            if (!_streams.TryGetValue(streamKey, out var stream) || stream.Loss is not { } loss)
            {
                return null;
            }
            stream.Loss = null;
            return loss;
        }
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, until every chunk is with the console; what is left stays spooled.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (Pending > 0 && DateTimeOffset.UtcNow < deadline)
        {
            _wake.Release();
            await Task.Delay(50);
        }
        return Pending == 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _wake.Release();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private StreamState StreamOf(string streamKey)
    {
        if (!_streams.TryGetValue(streamKey, out var stream))
        {
            stream = new StreamState(streamKey);
            _streams[streamKey] = stream;
        }
        return stream;
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            await _wake.WaitAsync(HeartbeatInterval, ct);
            if (DateTimeOffset.UtcNow < _retryAt)
            {
                continue;
            }
            List<StreamState> streams;
            lock (_lock)
            {
                streams = [.. _streams.Values];
            }
            var failed = false;
            foreach (var stream in streams)
            {
                if (!await ServeAsync(stream, ct))
                {
                    failed = true;
                    break;
                }
            }
            if (failed)
            {
                _backoff = _backoff == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
                _retryAt = DateTimeOffset.UtcNow + _backoff;
                Log($"the console is not taking chunks ({_client.LastError}); {Pending} chunk(s) wait in the spool, retrying in {_backoff.TotalSeconds:0} s");
            }
            else if (_backoff != TimeSpan.Zero)
            {
                _backoff = TimeSpan.Zero;
                Log("the console is taking chunks again");
            }
        }
    }

    /// <summary>Opens the stream's job, sends its chunks in order, and a heartbeat when due; false when the console is not reachable.</summary>
    private async Task<bool> ServeAsync(StreamState stream, CancellationToken ct)
    {
        if (stream.JobId is null)
        {
            var (outcome, jobId) = await _client.OpenAsync(stream.Key, _host, _labels, ct);
            if (outcome != SendOutcome.Accepted)
            {
                return Unreachable(outcome, stream);
            }
            stream.JobId = jobId;
        }
        while (true)
        {
            PendingChunk? next;
            lock (_lock)
            {
                stream.Pending.TryPeek(out next);
            }
            if (next is null)
            {
                break;
            }
            var outcome = await _client.PutChunkAsync(stream.JobId!, next, ct);
            if (outcome is SendOutcome.Unavailable or SendOutcome.Unauthorized)
            {
                return Unreachable(outcome, stream);
            }
            if (outcome == SendOutcome.Refused)
            {
                Log($"the console refused chunk {next.Seq} of {stream.Key}: {_client.LastError}");
            }
            lock (_lock)
            {
                stream.Pending.Dequeue();
            }
            _spool.Remove(next);
            stream.LastSent = DateTimeOffset.UtcNow;
        }
        lock (_lock)
        {
            if (stream.Closed && stream.Pending.Count == 0)
            {
                _streams.Remove(stream.Key);
                _spool.Forget(stream.Key);
                return true;
            }
        }
        if (!stream.Recovered && DateTimeOffset.UtcNow - stream.LastSent >= HeartbeatInterval)
        {
            var outcome = await _client.HeartbeatAsync(stream.JobId!, ct);
            if (outcome is SendOutcome.Unavailable or SendOutcome.Unauthorized)
            {
                return Unreachable(outcome, stream);
            }
            stream.LastSent = DateTimeOffset.UtcNow;
        }
        return true;
    }

    private bool Unreachable(SendOutcome outcome, StreamState stream)
    {
        if (outcome == SendOutcome.Unauthorized)
        {
            Log($"the console does not accept the token ({_client.LastError}): fix the token file; chunks wait in the spool");
        }
        else if (outcome == SendOutcome.Refused)
        {
            Log($"the console refused the stream {stream.Key} ({_client.LastError}); its chunks are dropped");
            lock (_lock)
            {
                foreach (var chunk in stream.Pending)
                {
                    _spool.Remove(chunk);
                }
                stream.Pending.Clear();
                _streams.Remove(stream.Key);
            }
            return true;
        }
        return false;
    }

    private void Log(string message)
    {
        if (message != _lastLogged)
        {
            _lastLogged = message;
            _log.WriteLine($"ashiato agent: {message}");
        }
    }

    private sealed class StreamState(string key)
    {
        public string Key { get; } = key;

        public string? JobId { get; set; }

        public long NextSeq { get; set; }

        public string Last { get; set; } = ChunkProtocol.Genesis;

        public Queue<PendingChunk> Pending { get; } = [];

        public StreamLoss? Loss { get; set; }

        public bool Closed { get; set; }

        /// <summary>Left by an earlier agent: sent, but not kept alive with heartbeats (that agent is gone).</summary>
        public bool Recovered { get; set; }

        public DateTimeOffset LastSent { get; set; }
    }
}
