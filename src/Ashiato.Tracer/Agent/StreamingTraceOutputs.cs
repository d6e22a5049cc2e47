using Ashiato.Events;
using Ashiato.Events.Jsonl;

namespace Ashiato.Tracer.Agent;

/// <summary>
/// Each job's trace as chunks for the console: every flush (about once a second) becomes one complete gzip member,
/// handed to the <see cref="ChunkShipper"/>, which never blocks. A loss the shipper had to make (its spool full) is
/// written into the job's trace at the next flush, as an <c>agent_loss</c> record. The host's activity goes to
/// <paramref name="host"/> (files in <c>--out</c>) or nowhere.
/// </summary>
public sealed class StreamingTraceOutputs(ChunkShipper shipper, string bootId, ITraceOutputs? host) : ITraceOutputs
{
    public ITraceOutput OpenJob(string jobId, DateTimeOffset start) => new ChunkOutput(shipper, ChunkProtocol.StreamKey(bootId, jobId), jobId, start);

    public ITraceOutput? OpenHost(DateTimeOffset start) => host?.OpenHost(start);

    private sealed class ChunkOutput : ITraceOutput
    {
        private readonly ChunkShipper _shipper;
        private readonly string _streamKey;
        private readonly string _jobId;
        private readonly MemoryStream _pending = new();
        private readonly TraceFileWriter _writer;
        private DateTimeOffset _from;
        private DateTimeOffset _to;

        public ChunkOutput(ChunkShipper shipper, string streamKey, string jobId, DateTimeOffset start)
        {
            _shipper = shipper;
            _streamKey = streamKey;
            _jobId = jobId;
            _writer = new TraceFileWriter(_pending, gzip: true);
            _from = _to = start;
            shipper.Open(streamKey);
        }

        public void Write(TraceRecord record)
        {
            if (record is TraceEnd)
            {
                WriteLoss(); // before the end: trace_end and the final tracer_stats stay the last lines
            }
            _writer.Write(record);
            _to = record.Timestamp > _to ? record.Timestamp : _to;
        }

        public void Flush() => Ship(final: false);

        public void Close()
        {
            Ship(final: true);
            _writer.Dispose();
        }

        private void Ship(bool final)
        {
            WriteLoss();
            _writer.Flush();
            if (_pending.Length == 0 && !final)
            {
                return;
            }
            var chunk = _pending.ToArray();
            _pending.SetLength(0);
            _shipper.Offer(_streamKey, chunk, final, _from, _to);
            _from = _to;
        }

        private void WriteLoss()
        {
            if (_shipper.TakeLoss(_streamKey) is { } loss)
            {
                _writer.Write(new AgentLoss
                {
                    Timestamp = DateTimeOffset.UtcNow,
                    JobId = _jobId,
                    Reason = LossReason.SpoolFull,
                    LostChunks = loss.Chunks,
                    LostBytes = loss.Bytes,
                    From = loss.From,
                    To = loss.To,
                });
            }
        }
    }
}
