using System.Diagnostics;

namespace Ashiato.Web.Tests.Support;

/// <summary>The real <c>ashiato</c> command, built next to the tests, run as a child process.</summary>
public sealed class AshiatoProcess : IDisposable
{
    private readonly Process _process;

    private AshiatoProcess(Process process) => _process = process;

    public StreamReader Output => _process.StandardOutput;

    public static AshiatoProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ashiato.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("ASHIATO_ADMIN_TOKEN");
        start.Environment.Remove("ASHIATO_TOKEN");
        start.Environment.Remove("ASHIATO_TOKEN_FILE");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        return new AshiatoProcess(Process.Start(start)!);
    }

    /// <summary>Runs to the end and returns the exit code with everything printed.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        return await process.WaitAsync();
    }

    /// <summary>Waits for the end and returns the exit code with everything printed.</summary>
    public async Task<(int Exit, string Stdout, string Stderr)> WaitAsync()
    {
        var stdout = _process.StandardOutput.ReadToEndAsync();
        var stderr = _process.StandardError.ReadToEndAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (_process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Asks the process to stop as Ctrl+C would, and waits for it.</summary>
    public async Task<int> InterruptAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
