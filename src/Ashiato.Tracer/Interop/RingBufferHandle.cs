using Microsoft.Win32.SafeHandles;

namespace Ashiato.Tracer.Interop;

/// <summary>Owns a struct ring_buffer (the consumer side of a BPF ring buffer map).</summary>
internal sealed class RingBufferHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle()
    {
        Libbpf.ring_buffer__free(handle);
        return true;
    }
}
