using Microsoft.Win32.SafeHandles;

namespace Ashiato.Tracer.Interop;

/// <summary>Owns a struct bpf_link: destroying it detaches the program.</summary>
internal sealed class BpfLinkHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => Libbpf.bpf_link__destroy(handle) == 0;
}
