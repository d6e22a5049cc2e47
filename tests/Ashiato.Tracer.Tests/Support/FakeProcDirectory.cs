using System.Globalization;
using System.Text;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>A directory laid out like /proc, where processes can be made to appear, or vanish mid-read.</summary>
public sealed class FakeProcDirectory : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("ashiato-proc-");

    public FakeProcDirectory() => File.WriteAllText(Path.Combine(Root, "stat"), "cpu 1 2 3\nbtime 1700000000\n");

    public string Root => _root.FullName;

    /// <summary>A process; without <paramref name="cmdline"/> only its stat line (it exited while being read).</summary>
    public void AddProcess(int pid, int ppid, string comm, ulong startTicks, string? exe, string[]? cmdline, bool kernelThread = false)
    {
        var directory = Directory.CreateDirectory(PathOf(pid)).FullName;
        var flags = kernelThread ? 0x00200000 : 0x00400100;
        File.WriteAllText(Path.Combine(directory, "stat"), $"{pid} ({comm}) S {ppid} {pid} {pid} 0 -1 {flags} 0 0 0 0 0 0 0 0 20 0 1 0 {startTicks} 0 0");
        if (cmdline is null)
        {
            return; // exited: nothing more can be read
        }
        File.WriteAllText(Path.Combine(directory, "comm"), comm + "\n");
        File.WriteAllText(Path.Combine(directory, "status"), $"Name:\t{comm}\nUid:\t1001\t1001\t1001\t1001\n");
        File.WriteAllBytes(Path.Combine(directory, "cmdline"), Encoding.UTF8.GetBytes(string.Concat(cmdline.Select(a => a + "\0"))));
        if (exe is not null)
        {
            File.CreateSymbolicLink(Path.Combine(directory, "exe"), exe);
            File.CreateSymbolicLink(Path.Combine(directory, "cwd"), "/");
        }
    }

    public string PathOf(int pid) => Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture));

    public void Dispose() => _root.Delete(recursive: true);
}
