using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>
/// A private network namespace holding only a loopback interface, so nothing run inside it can reach any address
/// outside it, the machine's DNS resolver included. It lives as long as this object holds its file descriptor:
/// no name under /run/netns, nothing to clean up if a test dies.
/// </summary>
/// <remarks>
/// A network namespace belongs to a thread, not a process, so the test process can enter it on a dedicated thread
/// (<see cref="Run{T}"/>) to create sockets there; a socket stays in the namespace it was created in, whichever
/// thread uses it later. Other processes enter it through <see cref="Path"/> with <c>nsenter --net=</c>.
/// </remarks>
public sealed class NetworkNamespace : IDisposable
{
    private readonly SafeFileHandle _hostNamespace;
    private readonly SafeFileHandle _namespace;

    private NetworkNamespace(SafeFileHandle hostNamespace, SafeFileHandle ns)
    {
        _hostNamespace = hostNamespace;
        _namespace = ns;
        Path = $"/proc/{Environment.ProcessId}/fd/{ns.DangerousGetHandle()}";
    }

    /// <summary>A path that names the namespace for <c>nsenter --net=</c> while this object is alive.</summary>
    public string Path { get; }

    public static NetworkNamespace Create()
    {
        SafeFileHandle host = OpenCurrentThreadNamespace();
        SafeFileHandle created = OnDedicatedThread(() =>
        {
            Check(LinuxNamespaceCalls.unshare(LinuxNamespaceCalls.CloneNewNet), "unshare(CLONE_NEWNET)");
            try
            {
                return OpenCurrentThreadNamespace();
            }
            finally
            {
                Check(LinuxNamespaceCalls.setns((int)host.DangerousGetHandle(), LinuxNamespaceCalls.CloneNewNet), "setns back to the host");
            }
        });

        var network = new NetworkNamespace(host, created);
        CommandResult up = CommandRunner.Run(["nsenter", $"--net={network.Path}", "ip", "link", "set", "lo", "up"], TimeSpan.FromSeconds(30));
        if (up.ExitCode != 0)
        {
            network.Dispose();
            throw new InvalidOperationException($"could not bring up lo in the test namespace: {up.Stderr}");
        }

        return network;
    }

    /// <summary>Runs <paramref name="action"/> on a thread inside the namespace; sockets it creates live there.</summary>
    public T Run<T>(Func<T> action) => OnDedicatedThread(() =>
    {
        Check(LinuxNamespaceCalls.setns((int)_namespace.DangerousGetHandle(), LinuxNamespaceCalls.CloneNewNet), "setns into the test namespace");
        try
        {
            return action();
        }
        finally
        {
            Check(LinuxNamespaceCalls.setns((int)_hostNamespace.DangerousGetHandle(), LinuxNamespaceCalls.CloneNewNet), "setns back to the host");
        }
    });

    /// <summary>Wraps a command so that it runs inside the namespace.</summary>
    public IReadOnlyList<string> Wrap(IReadOnlyList<string> argv) => ["nsenter", $"--net={Path}", "--", .. argv];

    public void Dispose()
    {
        _namespace.Dispose();
        _hostNamespace.Dispose();
    }

    private static SafeFileHandle OpenCurrentThreadNamespace() =>
        File.OpenHandle("/proc/thread-self/ns/net", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);

    private static T OnDedicatedThread<T>(Func<T> action)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("a network namespace operation failed", failure);
        }

        return result!;
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), what);
        }
    }
}
