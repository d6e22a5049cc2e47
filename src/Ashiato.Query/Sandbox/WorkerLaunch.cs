using System.Diagnostics;

namespace Ashiato.Query.Sandbox;

/// <summary>How to start a worker process: its program, in a private empty directory, with a minimal environment.</summary>
public sealed class WorkerLaunch
{
    private const string WorkerName = "Ashiato.Query.Worker";

    private readonly string _fileName;
    private readonly string[] _arguments;

    public WorkerLaunch(string? workerPath, string workingDirectory, bool isolated = false)
    {
        WorkingDirectory = workingDirectory;
        Isolated = isolated;
        var path = workerPath ?? FindNextToApplication();
        if (path.EndsWith(".dll", StringComparison.Ordinal))
        {
            _fileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            _arguments = ["exec", path];
        }
        else
        {
            _fileName = path;
            _arguments = [];
        }
    }

    public string WorkingDirectory { get; }

    /// <summary>Workers run under <see cref="WorkerIsolation"/>; their traces are bind-mounted in per query.</summary>
    public bool Isolated { get; }

    public ProcessStartInfo StartInfo()
    {
        IReadOnlyList<string> command = Isolated ? WorkerIsolation.Wrap(_fileName, _arguments) : [_fileName, .. _arguments];
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        // The server's environment may hold secrets; the worker gets only what the runtime needs to start.
        var keep = start.Environment.Where(e => e.Key is "PATH" or "DOTNET_ROOT" or "LANG" || e.Key.StartsWith("DOTNET_ROOT", StringComparison.Ordinal)).ToList();
        start.Environment.Clear();
        foreach (var (key, value) in keep)
        {
            start.Environment[key] = value;
        }
        start.Environment["HOME"] = WorkingDirectory;
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // No diagnostics IPC socket: a worker has nothing to offer a debugger but the trace it holds.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        return start;
    }

    private static string FindNextToApplication()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var executable = Path.Combine(baseDirectory, WorkerName);
        if (File.Exists(executable))
        {
            return executable;
        }
        var dll = Path.Combine(baseDirectory, WorkerName + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"the query sandbox needs {WorkerName} next to the application in {baseDirectory}; add a project reference to src/{WorkerName}");
    }
}
