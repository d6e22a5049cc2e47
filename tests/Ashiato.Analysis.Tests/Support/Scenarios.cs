using System.Net;
using System.Net.Sockets;
using Ashiato.Tracer.Tests.Support;
using FakeRunner.Support;

namespace Ashiato.Analysis.Tests.Support;

/// <summary>
/// Records the scenario traces once for all tests, with the real tracer, inside the DNS sandbox (a private network
/// namespace whose resolver is the test's own responder): nothing leaves loopback.
/// </summary>
public sealed class Scenarios : IAsyncLifetime
{
    public const string ExfilHost = "exfil.test";

    private readonly string _root = Directory.CreateTempSubdirectory("ashiato-analysis-").FullName;
    private IsolatedResolver _resolver = null!;
    private LoopbackHttpServer _exfil = null!;

    public RecordedTrace RunnerAttack { get; private set; } = null!;

    public RecordedTrace RunnerQuiet { get; private set; } = null!;

    public RecordedTrace MaliciousInstall { get; private set; } = null!;

    /// <summary>
    /// The fake GitHub Actions runner's <c>malicious-action</c> job, with job hooks, traced from its listener: a run step,
    /// then <c>evil-org/changed-files@v45</c> reads its Runner.Worker's maps and mem, then another run step.
    /// </summary>
    public RecordedTrace RunnerJobAttack { get; private set; } = null!;

    /// <summary>What the processes of <see cref="RunnerJobAttack"/> recorded of themselves (pids, parents), by probe name.</summary>
    public IReadOnlyDictionary<string, Probe> RunnerJobProbes { get; private set; } = null!;

    public RecordedTrace BenignInstall { get; private set; } = null!;

    /// <summary>The benign install again, in another temporary folder: the diff's "same build" run.</summary>
    public RecordedTrace BenignInstallAgain { get; private set; } = null!;

    public int ExfilRequests => _exfil.Requests;

    public async Task InitializeAsync()
    {
        _resolver = IsolatedResolver.Start(new DnsZone().AddA(ExfilHost, "127.0.10.1"));
        _exfil = new LoopbackHttpServer(_resolver.Network.Run(() =>
        {
            var listener = new TcpListener(IPAddress.Parse("127.0.10.1"), 0);
            listener.Start();
            return listener;
        }));
        RunnerAttack = await RecordRunnerAsync("runner-attack", attack: true);
        RunnerQuiet = await RecordRunnerAsync("runner-quiet", attack: false);
        (RunnerJobAttack, RunnerJobProbes) = await RecordFakeRunnerJobAsync("runner-job-attack", "malicious-action");
        MaliciousInstall = await RecordInstallAsync("install-malicious", Workloads.MaliciousInstallScript(_exfil.Port));
        BenignInstall = await RecordInstallAsync("install-benign", Workloads.BenignInstallScript);
        BenignInstallAgain = await RecordInstallAsync("install-benign-again", Workloads.BenignInstallScript);
    }

    public async Task DisposeAsync()
    {
        _exfil.Dispose();
        await _resolver.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A fresh folder for a test's own files, removed with the scenarios.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(_root, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    private async Task<RecordedTrace> RecordRunnerAsync(string name, bool attack)
    {
        var work = Directory.CreateTempSubdirectory($"ashiato-{name}-").FullName;
        try
        {
            var runner = Path.Combine(work, "Runner.Worker");
            await File.WriteAllTextAsync(runner, Workloads.FakeRunnerWorker + "\n");
            File.SetUnixFileMode(runner, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await File.WriteAllTextAsync(Path.Combine(work, "scenario.sh"), Workloads.RunnerScenario(attack) + "\n");
            return await Tracing.TraceAsync(_resolver.Wrap(["sh", Path.Combine(work, "scenario.sh"), work]), Path.Combine(_root, name + ".jsonl.gz"), work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Runs one scenario job on a fresh fake runner whose listener is started under <c>ashiato trace</c>, as its service
    /// starts it (<c>env -i</c> with the service's PATH and HOME only), and exits once the job is done.
    /// </summary>
    private async Task<(RecordedTrace, IReadOnlyDictionary<string, Probe>)> RecordFakeRunnerJobAsync(string name, string scenario)
    {
        using var host = FakeRunnerHost.Create(new FakeRunnerOptions { Hooks = true });
        var job = host.Enqueue(scenario);
        host.RequestShutdown();
        var listener = host.ListenerCommand;
        IReadOnlyList<string> argv = ["env", "-i", .. listener.Environment.Select(v => $"{v.Key}={v.Value}"), .. listener.Argv];
        var trace = await Tracing.TraceAsync(argv, Path.Combine(_root, name + ".jsonl.gz"), host.Layout.Root);
        // Read now: the probes go with the runner's directory.
        return (trace, host.ProbesOf(host.WaitForResult(job)).All.ToDictionary(p => p.Name));
    }

    private async Task<RecordedTrace> RecordInstallAsync(string name, string installScript)
    {
        // mkdtemp-style folders, so two runs of the same install differ in their temporary paths as CI runs do.
        var work = Directory.CreateTempSubdirectory("tmp.").FullName;
        try
        {
            var home = Directory.CreateDirectory(Path.Combine(work, "home")).FullName;
            await File.WriteAllTextAsync(Path.Combine(home, ".netrc"), "machine registry.example.org login ci password s3cr3t\n");
            await File.WriteAllTextAsync(Path.Combine(home, ".npmrc"), "//registry.example.org/:_authToken=npm_not_a_real_token\n");
            await File.WriteAllTextAsync(Path.Combine(home, ".git-credentials"), "https://ci:not-a-real-token@example.com\n");
            await File.WriteAllTextAsync(Path.Combine(home, ".bashrc"), "# runner shell\n");
            var package = Directory.CreateDirectory(Path.Combine(work, "pkg")).FullName;
            await File.WriteAllTextAsync(Path.Combine(package, "package.json"), Workloads.PackageJson);
            await File.WriteAllTextAsync(Path.Combine(package, "install.sh"), installScript + "\n");
            var app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
            await File.WriteAllTextAsync(Path.Combine(app, "package.json"), """{"name": "app", "version": "1.0.0", "private": true}""");
            await File.WriteAllTextAsync(Path.Combine(work, "scenario.sh"), Workloads.InstallScenario + "\n");
            return await Tracing.TraceAsync(_resolver.Wrap(["sh", Path.Combine(work, "scenario.sh"), work]), Path.Combine(_root, name + ".jsonl.gz"), work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ScenarioCollection : ICollectionFixture<Scenarios>
{
    public const string Name = "scenarios";
}
