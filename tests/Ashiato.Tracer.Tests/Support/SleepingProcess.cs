using System.Diagnostics;
using System.Globalization;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>
/// A <c>sleep</c> the test starts itself: outside every traced tree, so a traced program is no kin of it. Its stdin
/// and stdout are pipes the test holds. Killed on dispose.
/// </summary>
public sealed class SleepingProcess : IDisposable
{
    // Process.Start returns once the exec has happened, so the process is already sleep, not the forked test.
    private readonly Process _process = Process.Start(
        new ProcessStartInfo("sleep", "300") { RedirectStandardInput = true, RedirectStandardOutput = true })!;

    public int Id => _process.Id;

    public string IdText => Id.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
