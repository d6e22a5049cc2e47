using System.Runtime.InteropServices;
using Ashiato.Tracer.Interop;

namespace Ashiato.Tracer.Kernel;

/// <summary>Checks and prepares what loading needs, so each failure gets one clear sentence.</summary>
public static class TracerPreflight
{
    public const string BtfPath = "/sys/kernel/btf/vmlinux";
    public const string TracefsPath = "/sys/kernel/tracing";
    private const int CapPerfmon = 38;
    private const int CapBpf = 39;

    public static void Run()
    {
        EnsurePrivileges();
        EnsureBtf(BtfPath);
        EnsureTracefs();
    }

    /// <summary>CO-RE relocates the programs against the running kernel's BTF; without it nothing can load.</summary>
    public static void EnsureBtf(string btfPath)
    {
        if (!File.Exists(btfPath))
        {
            throw new TracerSetupException(
                $"this kernel has no BTF ({btfPath} is missing); Ashiato needs a kernel built with CONFIG_DEBUG_INFO_BTF=y");
        }
    }

    private static void EnsurePrivileges()
    {
        if (Libc.geteuid() == 0)
        {
            return;
        }
        var effective = ReadEffectiveCapabilities();
        if ((effective >> CapBpf & 1) == 0 || (effective >> CapPerfmon & 1) == 0)
        {
            throw new TracerSetupException("tracing needs root (or CAP_BPF and CAP_PERFMON); run it with sudo");
        }
    }

    private static ulong ReadEffectiveCapabilities()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                return Convert.ToUInt64(line["CapEff:".Length..].Trim(), 16);
            }
        }
        return 0;
    }

    /// <summary>Syscall tracepoints are found through tracefs; mount it when the machine has not.</summary>
    private static void EnsureTracefs()
    {
        if (Directory.Exists(Path.Combine(TracefsPath, "events")))
        {
            return;
        }
        if (Libc.mount("nodev", TracefsPath, "tracefs", 0, 0) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new TracerSetupException(
                $"tracefs is not mounted at {TracefsPath} and mounting it failed ({Marshal.GetPInvokeErrorMessage(errno)})");
        }
    }
}
