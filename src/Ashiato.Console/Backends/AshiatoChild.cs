using System.Diagnostics;
using System.Globalization;
using Ashiato.Query.Execution;
using Ashiato.Query.Sandbox;

namespace Ashiato.Web.Backends;

/// <summary>
/// Runs an <c>ashiato</c> subcommand in a child process and returns what it printed. Engines that run DuckDB (the rule
/// pack, the baseline diff) go through here, so DuckDB never runs in the server process. The child gets a minimal
/// environment without the server's secrets, a private working directory (DuckDB spills there; it is deleted after),
/// the memory, CPU and thread caps of <see cref="EngineLimits"/> (through <c>prlimit</c>), dies with the server
/// (<see cref="ChildSpawner"/>), and is killed at the deadline. What it wrote to stderr is kept for the server's log,
/// never shown to the user.
/// </summary>
/// <param name="ashiato">How to start <c>ashiato</c>: its executable, or <c>dotnet exec …/ashiato.dll</c>.</param>
public sealed class AshiatoChild(IReadOnlyList<string> ashiato, EngineLimits limits) : IDisposable
{
    private const string PrLimit = "/usr/bin/prlimit";
    private const int StderrKeptChars = 4096;

    private readonly ChildSpawner _spawner = new();

    public AshiatoChild(IReadOnlyList<string> ashiato, TimeSpan timeout)
        : this(ashiato, new EngineLimits { Timeout = timeout, CpuTime = timeout })
    {
    }

    public EngineLimits Limits { get; } = limits;

    /// <summary>Runs <paramref name="arguments"/>; an exit code outside <paramref name="successCodes"/> is a failure.</summary>
    public async Task<string> RunAsync(string what, IEnumerable<string> arguments, IReadOnlyCollection<int> successCodes, CancellationToken ct)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("ashiato-engine-").FullName;
        try
        {
            using var process = _spawner.Start(StartInfo(arguments, workingDirectory));
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(Limits.Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                ct.ThrowIfCancellationRequested();
                throw new EngineUnavailableException($"{what} did not finish within its {Limits.Timeout.TotalSeconds:0} s limit");
            }
            if (!successCodes.Contains(process.ExitCode))
            {
                var detail = await stderr;
                throw new EngineUnavailableException(Describe(what, process.ExitCode, detail),
                    new EngineFailure(process.ExitCode, detail.Length > StderrKeptChars ? detail[^StderrKeptChars..] : detail));
            }
            return await stdout;
        }
        finally
        {
            try
            {
                Directory.Delete(workingDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A killed child's last spill file; the temporary folder is swept by the OS.
            }
        }
    }

    /// <summary>What the user is told: which limit stopped the engine, never its internal messages.</summary>
    private string Describe(string what, int exitCode, string stderr)
    {
        const int sigkill = 128 + 9, sigxcpu = 128 + 24;
        if (stderr.Contains("OutOfMemory", StringComparison.Ordinal) || stderr.Contains("Out of Memory", StringComparison.Ordinal)
            || stderr.Contains("bad_alloc", StringComparison.Ordinal))
        {
            return $"{what} needed more than its {Limits.MemoryMb} MB memory limit for this trace";
        }
        return exitCode is sigkill or sigxcpu
            ? $"{what} used more than its {Limits.CpuTime.TotalSeconds:0} s of CPU time on this trace"
            : $"{what} could not analyse this trace (exit code {exitCode}); the server log has the details";
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(PrLimit)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        var cpuSeconds = (long)Math.Ceiling(Limits.CpuTime.TotalSeconds);
        string[] caps =
        [
            $"--data={(long)Limits.MemoryMb << 20}", $"--cpu={cpuSeconds}:{cpuSeconds + 1}", "--core=0", "--",
        ];
        foreach (var argument in caps.Concat(ashiato).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        var keep = start.Environment.Where(e => e.Key is "PATH" or "LANG" || e.Key.StartsWith("DOTNET_ROOT", StringComparison.Ordinal)).ToList();
        start.Environment.Clear();
        foreach (var (key, value) in keep)
        {
            start.Environment[key] = value;
        }
        start.Environment["HOME"] = workingDirectory;
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment[QueryDatabase.MemoryLimitVariable] = Limits.DuckDbMemoryMb.ToString(CultureInfo.InvariantCulture);
        start.Environment[QueryDatabase.ThreadsVariable] = Limits.Threads.ToString(CultureInfo.InvariantCulture);
        return start;
    }

    public void Dispose() => _spawner.Dispose();
}

/// <summary>How an engine process failed, for the server's log: its exit code and the end of its stderr.</summary>
public sealed class EngineFailure(int exitCode, string stderr) : Exception($"exit code {exitCode}: {stderr.Trim()}");
