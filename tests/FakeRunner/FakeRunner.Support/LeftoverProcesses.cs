namespace FakeRunner.Support;

/// <summary>
/// Ends what a fake runner left running (orphans, daemons, setsid escapes): every process that carries the runner's
/// probe directory in its environment (all of them do, from .env), or runs from or in the runner's directory. Nothing
/// else on the machine matches.
/// </summary>
internal static class LeftoverProcesses
{
    public static void Kill(string runnerDirectory, string probeDirectory)
    {
        var prefix = Path.TrimEndingDirectorySeparator(runnerDirectory) + "/";
        foreach (var entry in System.IO.Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            if (ProcessFacts.Read(pid) is not { } facts)
            {
                continue;
            }
            var ours = facts.Environment.GetValueOrDefault(FakeRunnerHost.ProbesVariable) == probeDirectory
                || facts.Exe.StartsWith(prefix, StringComparison.Ordinal)
                || facts.Cwd.StartsWith(prefix, StringComparison.Ordinal);
            if (ours)
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }
    }
}
