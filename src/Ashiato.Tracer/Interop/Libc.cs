using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ashiato.Tracer.Interop;

internal static unsafe partial class Libc
{
    private const string Library = "libc";

    /// <summary>Formats a libbpf message; on x86-64 SysV the va_list can be passed through as a pointer.</summary>
    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int vsnprintf(byte* str, nuint size, byte* format, nint args);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int mount(string source, string target, string filesystemtype, ulong mountflags, nint data);

    [LibraryImport(Library, SetLastError = true)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int kill(int pid, int sig);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial uint geteuid();

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int getpid();

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int open(string path, int flags);

    [LibraryImport(Library, SetLastError = true)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int close(int fd);

    public const int O_RDONLY = 0;
    public const int O_DIRECTORY = 0x10000;
    public const int O_CLOEXEC = 0x80000;

    /// <summary>errno: the element (file, map key) exists already.</summary>
    public const int EEXIST = 17;
}
