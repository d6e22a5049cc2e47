using System.Diagnostics;
using System.Text;
using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// The real worker's "Cleaning up orphan processes" in Complete job (JobExtension): every process started since the job
/// began whose environment carries this job's RUNNER_TRACKING_ID is killed. A process that cleared the variable, or
/// any process when the worker itself is killed, survives.
/// </summary>
internal static class OrphanCleanup
{
    public const string TrackingIdVariable = "RUNNER_TRACKING_ID";
    private const string Source = "JobExtension";

    /// <summary>The processes running before the job, keyed pid_name as the real worker keys them.</summary>
    public static HashSet<string> Snapshot() => [.. Process.GetProcesses().Select(Key)];

    public static void Run(HashSet<string> existing, string trackingId, DiagLog log)
    {
        log.Info(Source, "Cleaning up orphan processes");
        foreach (var process in Process.GetProcesses())
        {
            using (process)
            {
                if (process.Id == Environment.ProcessId || existing.Contains(Key(process)))
                {
                    continue;
                }
                if (ReadTrackingId(process.Id) != trackingId)
                {
                    continue;
                }
                log.Info(Source, $"Terminate orphan process: pid ({process.Id}) ({process.ProcessName})");
                try
                {
                    process.Kill(entireProcessTree: false);
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    log.Error(Source, $"Catch exception during orphan process cleanup: {e.Message}");
                }
            }
        }
    }

    private static string Key(Process process) => $"{process.Id}_{process.ProcessName}";

    private static string? ReadTrackingId(int pid)
    {
        try
        {
            var prefix = TrackingIdVariable + "=";
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ"))
                .Split('\0')
                .FirstOrDefault(entry => entry.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
