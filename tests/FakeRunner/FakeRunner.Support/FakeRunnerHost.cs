using System.Text;
using System.Text.Json;
using FakeRunner.Protocol;

namespace FakeRunner.Support;

/// <summary>
/// One fake GitHub Actions runner in a temporary directory: the runner root laid out as a real one (the built apphosts in
/// <c>bin/</c>, the machine's node linked as <c>externals/node20/bin/node</c>, <c>_work</c>, <c>_diag</c>,
/// <c>.runner</c>, <c>.credentials</c>, <c>.env</c>, <c>.path</c>), its broker (where jobs are queued and results come
/// back), and the probe directory where scenario processes record themselves. Dispose ends every process the runner
/// left behind and deletes the directory.
/// </summary>
public sealed class FakeRunnerHost : IDisposable
{
    /// <summary>The .env variable that tells probes where to write; every process of the runner inherits it.</summary>
    public const string ProbesVariable = "FAKE_RUNNER_PROBES";

    /// <summary>Set (to anything) to keep each runner's directory after the test, for a look at its logs and probes.</summary>
    public const string KeepVariable = "FAKE_RUNNER_KEEP";

    /// <summary>PATH of the runner's service (.path), as a Debian runner's env.sh records it.</summary>
    public const string ServicePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private readonly FakeRunnerOptions _options;
    private readonly List<ListenerProcess> _listeners = [];
    private readonly Dictionary<string, string> _archives = new(StringComparer.Ordinal);
    private long _lastRequestId;

    private FakeRunnerHost(string directory, FakeRunnerOptions options)
    {
        _options = options;
        Directory = directory;
        Layout = new RunnerLayout(Path.Combine(directory, "actions-runner"));
        Broker = new Broker(Path.Combine(directory, "broker"));
        ProbeDirectory = options.ProbeDirectory ?? Path.Combine(directory, "probes");
        Settings = new RunnerSettings
        {
            AgentName = options.RunnerName,
            ServerUrl = Broker.ServerUrl.AbsoluteUri,
            GitHubUrl = "https://github.com/octo-org",
            Ephemeral = options.Ephemeral ? true : null,
        };
    }

    /// <summary>The temporary directory holding the runner root, the broker, the hooks and (unless shared) the probes.</summary>
    public string Directory { get; }

    public RunnerLayout Layout { get; }

    public Broker Broker { get; }

    public RunnerSettings Settings { get; }

    public string ProbeDirectory { get; }

    /// <summary>The listeners started so far.</summary>
    public IReadOnlyList<ListenerProcess> Listeners => _listeners;

    public string JobStartedHook => Path.Combine(Directory, "hooks", "job-started.sh");

    public string JobCompletedHook => Path.Combine(Directory, "hooks", "job-completed.sh");

    public ListenerCommand ListenerCommand => new(
        Layout.ListenerExecutable,
        ["run"],
        Layout.Root,
        new Dictionary<string, string>
        {
            ["PATH"] = File.ReadAllText(Layout.PathFile).Trim(),
            ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/root",
        });

    public static FakeRunnerHost Create(FakeRunnerOptions? options = null)
    {
        var host = new FakeRunnerHost(System.IO.Directory.CreateTempSubdirectory("fake-runner-").FullName, options ?? new FakeRunnerOptions());
        try
        {
            host.LayOut();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Starts <c>Runner.Listener run</c> as the runner's service would.</summary>
    public ListenerProcess StartListener()
    {
        var listener = new ListenerProcess(ListenerCommand);
        _listeners.Add(listener);
        return listener;
    }

    /// <summary>Queues a scenario from <c>Scenarios/jobs/&lt;name&gt;.json</c>, optionally changed first.</summary>
    public JobMessage Enqueue(string scenario, Func<JobMessage, JobMessage>? change = null)
    {
        var job = Scenarios.Load(scenario);
        return Enqueue(change is null ? job : change(job));
    }

    /// <summary>Queues a job: gives it an id, the runner's timeouts and where to download the scenario actions.</summary>
    public JobMessage Enqueue(JobMessage job)
    {
        var requestId = Interlocked.Increment(ref _lastRequestId);
        var queued = job with
        {
            JobId = Guid.NewGuid().ToString(),
            RequestId = requestId,
            ActionArchives = _archives,
            Timeouts = _options.Timeouts,
        };
        ProtocolJson.WriteFileAtomically(Broker.PendingJobFile(requestId), queued);
        return queued;
    }

    /// <summary>Runs the queued jobs on a new listener that exits once they are done; returns <paramref name="job"/>'s result.</summary>
    public JobResult RunQueued(JobMessage job)
    {
        RequestShutdown();
        StartListener();
        return WaitForResult(job);
    }

    /// <summary>
    /// Lets steps waiting in <c>wait_for_gate NAME</c> go on: a tracer test holds a job there while it attaches to a
    /// worker that started earlier.
    /// </summary>
    public void OpenGate(string name)
    {
        var gates = Path.Combine(ProbeDirectory, "gates");
        System.IO.Directory.CreateDirectory(gates);
        File.WriteAllText(Path.Combine(gates, name), string.Empty);
    }

    /// <summary>Asks the listener to cancel a job, as a user cancelling the run does.</summary>
    public void Cancel(JobMessage job) => File.WriteAllText(Broker.CancelFile(job.JobId), string.Empty);

    /// <summary>Lets the listener exit once no job is queued.</summary>
    public void RequestShutdown() => File.WriteAllText(Broker.ShutdownFile, string.Empty);

    public JobResult WaitForResult(JobMessage job, TimeSpan? timeout = null)
    {
        var path = Broker.ResultFile(job.JobId);
        return Poll.For(
            () => File.Exists(path) ? ProtocolJson.ReadFile<JobResult>(path) : null,
            $"job '{job.DisplayName}' ({job.JobId}) to finish; listener output:\n{string.Join("\n", _listeners.Select(l => l.Output))}",
            timeout);
    }

    /// <summary>The probes of a finished job: those of the processes whose parent was its worker.</summary>
    public JobProbes ProbesOf(JobResult result)
    {
        foreach (var group in System.IO.Directory.GetDirectories(ProbeDirectory, "github_*"))
        {
            var probes = new JobProbes(group);
            if (probes.All.Any(probe => probe.Parent.Pid == result.WorkerPid))
            {
                return probes;
            }
        }
        throw new KeyNotFoundException($"no probes of the job whose worker was {result.WorkerPid} in {ProbeDirectory}");
    }

    /// <summary>Waits for a probe of any job of this runner (to act while a job runs).</summary>
    public Probe WaitForProbe(string name, TimeSpan? timeout = null) =>
        Poll.For(
            () => System.IO.Directory.GetDirectories(ProbeDirectory, "github_*")
                .Select(group => Path.Combine(group, name))
                .Where(System.IO.Directory.Exists)
                .Select(Probe.Read)
                .FirstOrDefault(),
            $"probe '{name}' in {ProbeDirectory}; listener output:\n{string.Join("\n", _listeners.Select(l => l.Output))}",
            timeout);

    /// <summary>The worker's diagnostic logs (Worker_*.log), oldest first.</summary>
    public IReadOnlyList<string> WorkerLogs() =>
        [.. System.IO.Directory.GetFiles(Layout.Diag, "Worker_*.log").Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Broker.Directory))
        {
            RequestShutdown();
        }
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
        LeftoverProcesses.Kill(Directory, ProbeDirectory);
        if (System.Environment.GetEnvironmentVariable(KeepVariable) is not null)
        {
            return;
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process killed a moment ago may still be writing; the directory is in /tmp and uniquely named.
        }
    }

    private void LayOut()
    {
        System.IO.Directory.CreateDirectory(Layout.Bin);
        foreach (var file in RunnerFiles.BinFiles())
        {
            File.Copy(Path.Combine(RunnerFiles.BuildDirectory, file), Path.Combine(Layout.Bin, file));
        }
        CopyDirectory(Path.Combine(RunnerFiles.Scenarios, "runner-bin"), Layout.Bin);
        foreach (var version in RunnerLayout.NodeVersions)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Layout.NodeFor(version))!);
            RunnerFiles.LinkOrCopy(RunnerFiles.SystemNode(), Layout.NodeFor(version));
        }
        foreach (var directory in new[] { Layout.Temp, Layout.Actions, Layout.ToolCache, Layout.Diag })
        {
            System.IO.Directory.CreateDirectory(directory);
        }

        Settings.Save(Layout.SettingsFile);
        WriteWithByteOrderMark(Layout.CredentialsFile, new
        {
            scheme = "OAuth",
            data = new Dictionary<string, string>
            {
                ["clientId"] = "00000000-fake-4bad-8000-000000000001",
                ["authorizationUrl"] = "https://pipelines.actions.githubusercontent.com/fake/_apis/oauth2/token",
                ["requireFipsCryptography"] = "True",
            },
        });
        WriteWithByteOrderMark(Layout.RsaParametersFile, new
        {
            d = "ZmFrZS1wcml2YXRlLWV4cG9uZW50",
            dp = "ZmFrZQ==",
            dq = "ZmFrZQ==",
            exponent = "AQAB",
            inverseQ = "ZmFrZQ==",
            modulus = "ZmFrZS1tb2R1bHVz",
            p = "ZmFrZQ==",
            q = "ZmFrZQ==",
        });
        File.WriteAllText(Layout.PathFile, ServicePath + "\n");

        System.IO.Directory.CreateDirectory(ProbeDirectory);
        foreach (var probe in new[] { "probe.sh", "probe.js" })
        {
            File.Copy(Path.Combine(RunnerFiles.Scenarios, probe), Path.Combine(ProbeDirectory, probe), overwrite: true);
        }
        var environment = new List<KeyValuePair<string, string>>
        {
            new("LANG", "C.UTF-8"),
            new(ProbesVariable, ProbeDirectory),
        };
        if (_options.Hooks)
        {
            WriteHook(JobStartedHook, "hook-started");
            WriteHook(JobCompletedHook, "hook-completed");
            environment.Add(new("ACTIONS_RUNNER_HOOK_JOB_STARTED", JobStartedHook));
            environment.Add(new("ACTIONS_RUNNER_HOOK_JOB_COMPLETED", JobCompletedHook));
        }
        environment.AddRange(_options.Environment);
        File.WriteAllText(Layout.EnvFile, DotEnv.Format(environment));

        Broker.Create();
        var extraActions = _options.Actions.Select(pair => (ActionReference.Parse(pair.Key), pair.Value));
        foreach (var (action, source) in ActionArchive.ScenarioActions(RunnerFiles.Scenarios).Concat(extraActions))
        {
            var archive = Path.Combine(Broker.Archives, $"{action.Owner}-{action.Repo}-{action.Ref}.tar.gz");
            ActionArchive.Pack(source, action, archive);
            _archives[action.ToString()] = new Uri(archive).AbsoluteUri;
        }
    }

    private static void WriteHook(string path, string probeName)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $". \"${ProbesVariable}/probe.sh\"\nprobe {probeName}\n");
    }

    private static void WriteWithByteOrderMark<T>(string path, T value) =>
        File.WriteAllText(path, JsonSerializer.Serialize(value, ProtocolJson.Options), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in System.IO.Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}
