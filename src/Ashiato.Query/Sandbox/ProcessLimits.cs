using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Ashiato.Query.Sandbox;

/// <summary>
/// OS resource limits a worker puts on itself before it runs untrusted SQL. RLIMIT_DATA counts private writable
/// memory (brk and anonymous mmap since Linux 4.7), which covers both the .NET heap and DuckDB's allocator while
/// leaving the runtime's large PROT_NONE reservations alone; RLIMIT_AS would count those and stop .NET itself.
/// </summary>
public static partial class ProcessLimits
{
    private const int ResourceCpu = 0;
    private const int ResourceData = 2;
    private const int ResourceCore = 4;

    /// <summary>No core files: a crashing worker must not write the trace it held to disk.</summary>
    public static void DisableCoreDumps() => Set(ResourceCore, 0, 0);

    /// <summary>Caps data memory at the current use plus <paramref name="extraMb"/>.</summary>
    public static void CapMemory(int extraMb)
    {
        var limit = (ulong)(CurrentDataKb() * 1024) + ((ulong)extraMb << 20);
        Set(ResourceData, limit, limit);
    }

    /// <summary>Caps CPU time at what was used so far plus <paramref name="budget"/>: SIGXCPU, then SIGKILL a second later.</summary>
    public static void CapCpu(TimeSpan budget)
    {
        var used = Process.GetCurrentProcess().TotalProcessorTime;
        var soft = (ulong)Math.Ceiling((used + budget).TotalSeconds);
        Set(ResourceCpu, soft, soft + 1);
    }

    private static long CurrentDataKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmData:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmData:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException("/proc/self/status has no VmData line");
    }

    private static void Set(int resource, ulong soft, ulong hard)
    {
        var limit = new ResourceLimit { Soft = soft, Hard = hard };
        if (SetResourceLimit(resource, ref limit) != 0)
        {
            throw new InvalidOperationException($"setrlimit({resource}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Soft;
        public ulong Hard;
    }

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetResourceLimit(int resource, ref ResourceLimit limit);
}
