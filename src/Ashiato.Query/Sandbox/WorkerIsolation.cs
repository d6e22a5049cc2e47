using System.Diagnostics;

namespace Ashiato.Query.Sandbox;

/// <summary>
/// Defence in depth under DuckDB's own lockdown: a worker runs as <c>nobody</c> with no new privileges, in its own
/// mount, pid, network and IPC namespaces. It sees no other process (its <c>/proc/1</c> is itself, not the server
/// with the admin token in its environment), has no network, and cannot read the data directory (mode 0700): the one
/// trace a query needs is bind-mounted into the worker's own mount namespace just before the request is sent. Needs
/// root and util-linux (unshare, setpriv, nsenter, mount); without them workers run as before.
/// </summary>
public sealed class WorkerIsolation
{
    private const string Unshare = "/usr/bin/unshare";
    private const string SetPriv = "/usr/bin/setpriv";
    private const string NsEnter = "/usr/bin/nsenter";
    private const string Mount = "/usr/bin/mount";
    private const string Nobody = "65534";

    public static bool IsAvailable =>
        Environment.IsPrivilegedProcess && new[] { Unshare, SetPriv, NsEnter, Mount }.All(File.Exists);

    /// <summary>
    /// The command that runs <paramref name="program"/> isolated. A shell is the namespace's pid 1 and the worker its
    /// child: the kernel drops signals that pid 1 does not handle, and the worker must still die of SIGXCPU or SIGABRT.
    /// The shell exits with the worker's status (128 + the signal), which the pool reads.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string program, IEnumerable<string> arguments) =>
    [
        Unshare, "--mount", "--pid", "--net", "--ipc", "--fork", "--kill-child", "--mount-proc", "--",
        "/bin/sh", "-c", "\"$@\"; exit $?", "ashiato-worker",
        SetPriv, $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--no-new-privs", "--",
        program, .. arguments,
    ];

    /// <summary>
    /// Makes <paramref name="source"/> readable inside the namespaces of <paramref name="namespacePid"/> (the unshare
    /// process) at <paramref name="target"/>, an empty file the worker can reach. The mount lives and dies with them.
    /// </summary>
    public static void Expose(int namespacePid, string source, string target)
    {
        var start = new ProcessStartInfo(NsEnter, ["--target", namespacePid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mount", "--",
            Mount, "--bind", source, target])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nsenter");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new IOException($"could not give the query worker its trace: {error.Trim()}");
        }
    }
}
