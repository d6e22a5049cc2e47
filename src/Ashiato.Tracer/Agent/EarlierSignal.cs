using System.Runtime.InteropServices;
using Ashiato.Events;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Tracer.Agent;

/// <summary>The signal record an earlier agent's kernel side kept in the pinned map, as a trace record.</summary>
public static class EarlierSignal
{
    public static SignalSent? From(SignalRecord record, KernelClock clock)
    {
        var bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref record, 1));
        if (RecordDecoder.Decode(bytes, new Utf8StringCache()) is not SignalObserved signal)
        {
            return null;
        }
        return new SignalSent
        {
            Timestamp = clock.ToWallClock(signal.Context.KtimeNs),
            Pid = signal.Context.Tgid,
            Comm = signal.Context.Comm,
            Ppid = signal.Context.Ppid,
            TargetPid = signal.TargetPid,
            Signal = signal.Signal,
            Delivered = signal.Result == 0,
        };
    }
}
