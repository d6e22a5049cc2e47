using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Interop;
using Ashiato.Tracer.Kernel;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// The first stage: a dedicated thread drains the ring buffer on a timer (the kernel side submits without
/// wake-ups). The libbpf callback copies each record into the drain's batch; the batch is enqueued when the drain
/// ends (or when it grows past <see cref="MaxBatchBytes"/>). Nothing here blocks or throws, and a batch the full
/// queue refuses is counted as drops of its records' kinds.
/// </summary>
internal sealed unsafe class RingBufferSource : IDisposable
{
    private static readonly TimeSpan CountersInterval = TimeSpan.FromSeconds(1);

    /// <summary>A long drain is cut into batches of about this size so that decoding starts before it ends.</summary>
    private const int MaxBatchBytes = 1 << 20;

    /// <summary>A drain that brought at least this much means the ring is filling fast: drain again without waiting.</summary>
    private const long BusyDrainBytes = 2 << 20;

    private readonly KernelTracer _kernel;
    private readonly ChannelWriter<SourceItem> _output;
    private readonly TimeSpan _drainInterval;
    private readonly long[] _queueDrops = new long[AbiLimits.RecordKindCount];
    // No spinning before the wait: a stop need not be seen within microseconds, and spins cost the traced job CPU.
    private readonly ManualResetEventSlim _stopRequested = new(initialState: false, spinCount: 0);
    private readonly Thread _thread;
    private readonly RawCaptureWriter? _capture = RawCaptureWriter.FromEnvironment();
    private GCHandle _self;
    private RingBufferHandle? _ring;
    private RecordBatch? _batch;
    private long _drainedBytes;

    public RingBufferSource(KernelTracer kernel, ChannelWriter<SourceItem> output, TimeSpan drainInterval)
    {
        _kernel = kernel;
        _output = output;
        _drainInterval = drainInterval;
        _self = GCHandle.Alloc(this);
        _ring = Libbpf.ring_buffer__new(kernel.EventsMapFd, &OnSample, (void*)GCHandle.ToIntPtr(_self), null);
        if (_ring.IsInvalid)
        {
            _self.Free();
            throw new TracerSetupException($"could not open the ring buffer (errno {Marshal.GetLastPInvokeError()})");
        }
        _thread = new Thread(Run) { IsBackground = true, Name = "ashiato ring buffer drain" };
    }

    public void Start()
    {
        // One snapshot before the job runs compiles the counters path (see PipelineWarmup), instead of a second in.
        Snapshot(final: false);
        _thread.Start();
    }

    /// <summary>Drains what is left, sweeps open write totals, sends the final counters and completes the output.</summary>
    public void Stop()
    {
        _stopRequested.Set();
        _thread.Join();
    }

    public void Dispose()
    {
        // Never free the ring under the drain thread.
        if (_thread.IsAlive)
        {
            Stop();
        }
        _ring?.Dispose();
        _ring = null;
        if (_self.IsAllocated)
        {
            _self.Free();
        }
        _stopRequested.Dispose();
    }

    private void Run()
    {
        var nextCounters = DateTime.UtcNow + CountersInterval;
        var wait = _drainInterval;
        while (!_stopRequested.Wait(wait))
        {
            _drainedBytes = 0;
            Libbpf.ring_buffer__consume(_ring!);
            Publish();
            wait = _drainedBytes >= BusyDrainBytes ? TimeSpan.Zero : _drainInterval;
            if (DateTime.UtcNow >= nextCounters)
            {
                nextCounters = DateTime.UtcNow + CountersInterval;
                _output.TryWrite(new SourceItem(null, Snapshot(final: false)));
            }
        }
        Libbpf.ring_buffer__consume(_ring!);
        Publish();
        SweepOpenWrites();
        // The last snapshot must arrive: blocking is fine here, this is not the callback.
        _output.WriteAsync(new SourceItem(null, Snapshot(final: true))).AsTask().GetAwaiter().GetResult();
        _output.Complete();
        _capture?.Dispose();
    }

    /// <summary>Totals of files still open when the trace ends become write_close records like any other.</summary>
    private void SweepOpenWrites()
    {
        var now = (ulong)KernelClock.MonotonicNs();
        var sweep = new RecordBatch();
        foreach (var (key, totals) in _kernel.ReadPendingWrites())
        {
            var record = new WriteCloseRecord
            {
                Header = new RecordHeader
                {
                    Kind = (ushort)RecordKind.WriteClose,
                    Size = (uint)sizeof(WriteCloseRecord),
                    KtimeNs = now,
                    Tgid = key.Tgid,
                    Tid = key.Tgid,
                },
                FileId = key.FileId,
                Bytes = totals.Bytes,
                Calls = totals.Calls,
            };
            var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<WriteCloseRecord>(in record));
            _capture?.Append(bytes);
            sweep.Append(bytes);
        }
        _output.WriteAsync(new SourceItem(sweep, null)).AsTask().GetAwaiter().GetResult();
    }

    private CountersObserved Snapshot(bool final)
    {
        var queueDrops = new Dictionary<RecordKind, long>();
        foreach (var kind in Enum.GetValues<RecordKind>())
        {
            var dropped = Interlocked.Read(ref _queueDrops[(int)kind]);
            if (dropped > 0)
            {
                queueDrops[kind] = dropped;
            }
        }
        return new CountersObserved(_kernel.ReadCounters(), queueDrops, 0, final, (ulong)KernelClock.MonotonicNs());
    }

    private void Accept(ReadOnlySpan<byte> record)
    {
        _capture?.Append(record);
        _batch ??= new RecordBatch();
        _batch.Append(record);
        _drainedBytes += record.Length;
        if (_batch.ByteCount >= MaxBatchBytes)
        {
            Publish();
        }
    }

    /// <summary>Enqueues the batch being filled; never waits: a full queue loses the batch, counted per kind.</summary>
    private void Publish()
    {
        if (_batch is not { } batch)
        {
            return;
        }
        _batch = null;
        if (_output.TryWrite(new SourceItem(batch, null)))
        {
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var record = batch[i];
            var kind = record.Length >= 2 ? MemoryMarshal.Read<ushort>(record) : 0;
            Interlocked.Increment(ref _queueDrops[kind < AbiLimits.RecordKindCount ? kind : 0]);
        }
        batch.Dispose();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnSample(void* context, void* data, nuint size)
    {
        try
        {
            if (GCHandle.FromIntPtr((nint)context).Target is RingBufferSource source)
            {
                source.Accept(new ReadOnlySpan<byte>(data, (int)size));
            }
        }
        catch
        {
            // Nothing may cross back into libbpf; a record lost here is at worst one event.
        }
        return 0;
    }
}
