using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Interop;
using Ashiato.Tracer.Kernel;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// The first stage: a dedicated thread drains the ring buffer on a timer (the kernel side submits without
/// wake-ups). The libbpf callback copies each record into a pooled buffer and enqueues it; it never blocks and
/// never throws, and a full queue is counted as a drop of that record's kind.
/// </summary>
internal sealed unsafe class RingBufferSource : IDisposable
{
    private static readonly TimeSpan CountersInterval = TimeSpan.FromSeconds(1);

    private readonly KernelTracer _kernel;
    private readonly ChannelWriter<SourceItem> _output;
    private readonly TimeSpan _drainInterval;
    private readonly long[] _queueDrops = new long[AbiLimits.RecordKindCount];
    private readonly ManualResetEventSlim _stopRequested = new();
    private readonly Thread _thread;
    private readonly RawCaptureWriter? _capture = RawCaptureWriter.FromEnvironment();
    private GCHandle _self;
    private RingBufferHandle? _ring;

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

    public void Start() => _thread.Start();

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
        while (!_stopRequested.Wait(_drainInterval))
        {
            Libbpf.ring_buffer__consume(_ring!);
            if (DateTime.UtcNow >= nextCounters)
            {
                nextCounters = DateTime.UtcNow + CountersInterval;
                _output.TryWrite(new SourceItem(null, 0, Snapshot(final: false)));
            }
        }
        Libbpf.ring_buffer__consume(_ring!);
        SweepOpenWrites();
        // The last snapshot must arrive: blocking is fine here, this is not the callback.
        _output.WriteAsync(new SourceItem(null, 0, Snapshot(final: true))).AsTask().GetAwaiter().GetResult();
        _output.Complete();
        _capture?.Dispose();
    }

    /// <summary>Totals of files still open when the trace ends become write_close records like any other.</summary>
    private void SweepOpenWrites()
    {
        var now = (ulong)KernelClock.MonotonicNs();
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
            var buffer = ArrayPool<byte>.Shared.Rent(sizeof(WriteCloseRecord));
            MemoryMarshal.Write(buffer, in record);
            _capture?.Append(buffer.AsSpan(0, sizeof(WriteCloseRecord)));
            _output.WriteAsync(new SourceItem(buffer, sizeof(WriteCloseRecord), null)).AsTask().GetAwaiter().GetResult();
        }
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
        var buffer = ArrayPool<byte>.Shared.Rent(record.Length);
        record.CopyTo(buffer);
        if (!_output.TryWrite(new SourceItem(buffer, record.Length, null)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            var kind = record.Length >= 2 ? MemoryMarshal.Read<ushort>(record) : 0;
            Interlocked.Increment(ref _queueDrops[kind < AbiLimits.RecordKindCount ? kind : 0]);
        }
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
