using Microsoft.Win32.SafeHandles;

namespace Ashiato.Tracer.Interop;

/// <summary>Owns a struct bpf_object: closing it unloads its programs and maps.</summary>
internal sealed class BpfObjectHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle()
    {
        Libbpf.bpf_object__close(handle);
        return true;
    }
}
