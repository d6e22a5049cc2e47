using System.Runtime.InteropServices;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>The two libc calls that move a thread between network namespaces.</summary>
internal static partial class LinuxNamespaceCalls
{
    public const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int unshare(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setns(int fd, int nstype);
}
