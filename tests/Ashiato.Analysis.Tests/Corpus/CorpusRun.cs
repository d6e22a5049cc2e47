using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;
using Ashiato.Analysis.Tests.Support;
using FakeRunner.Protocol;
using FakeRunner.Support;

namespace Ashiato.Analysis.Tests.Corpus;

/// <summary>
/// Runs the corpus once for all its tests: the malicious behaviours as the steps of one fake GitHub Actions job per
/// group, and the benign workloads as the steps of another, each runner traced from its listener by the real tracer
/// inside the <see cref="CorpusSandbox"/>; then the built-in rule pack over each trace. Two traces in all, so the
/// corpus costs CI two tracer starts rather than one per behaviour.
/// </summary>
public sealed class CorpusRun : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("ashiato-corpus-traces-").FullName;
    private CorpusSandbox _sandbox = null!;

    public DetectionReport Malicious { get; private set; } = null!;

    public DetectionReport Benign { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await CorpusSandbox.StartAsync();
        var groups = MaliciousBehaviours.All.GroupBy(b => b.Group)
            .Select(g => Job(g.Key, g.Select(b => (b.Id, $"set +e\n{b.Script}\nexit 0", (IReadOnlyDictionary<string, string>?)null))))
            .ToList();
        Malicious = await RecordAndDetectAsync("malicious", groups);
        Benign = await RecordAndDetectAsync("benign", [Job(BenignWorkloads.Group, BenignWorkloads.All.Select(w => (w.Id, w.Script, w.Env)))]);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        // FAKE_RUNNER_KEEP=1 keeps the runners' folders; it keeps the corpus's traces too, to look into a failure.
        if (Environment.GetEnvironmentVariable(FakeRunnerHost.KeepVariable) != "1")
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>The findings that name the step <paramref name="stepName"/> (a behaviour's or workload's id).</summary>
    public static IReadOnlyList<Finding> FindingsOf(DetectionReport report, string stepName) =>
        [.. report.Findings.Where(f => f.Step?.Name == stepName)];

    /// <summary>
    /// A job of run steps named by id. A malicious behaviour's script runs to its end whatever fails inside (a step that
    /// failed would stop the job, and the behaviours after it would never run); a benign workload must succeed.
    /// </summary>
    private static JobMessage Job(string name, IEnumerable<(string Id, string Script, IReadOnlyDictionary<string, string>? Env)> steps) =>
        FakeRunner.Support.Scenarios.WithSteps([.. steps.Select(s => new RunStep { Id = s.Id, Run = s.Script, Env = s.Env ?? new Dictionary<string, string>() })]) with
        {
            JobName = name,
            Env = new Dictionary<string, string>
            {
                ["HOME"] = CorpusSandbox.Home,
                [MaliciousBehaviours.HomeVariable] = CorpusSandbox.Home,
                ["GITHUB_TOKEN"] = "${{ secrets.GITHUB_TOKEN }}",
            },
        };

    private async Task<DetectionReport> RecordAndDetectAsync(string name, IReadOnlyList<JobMessage> jobs)
    {
        using var host = FakeRunnerHost.Create(new FakeRunnerOptions { RunnerName = $"corpus-{name}" });
        var queued = jobs.Select(host.Enqueue).ToList();
        host.RequestShutdown();
        var listener = host.ListenerCommand;
        IReadOnlyList<string> argv = ["env", "-i", .. listener.Environment.Select(v => $"{v.Key}={v.Value}"), .. listener.Argv];
        var path = Path.Combine(_root, name + ".jsonl.gz");
        await Tracing.TraceAsync(_sandbox.Wrap(argv), path, host.Layout.Root, TimeSpan.FromMinutes(8));
        foreach (var job in queued)
        {
            host.WaitForResult(job);
        }
        return await DetectionEngine.BuiltIn().RunAsync(path);
    }
}

[CollectionDefinition(Name)]
public sealed class CorpusCollection : ICollectionFixture<CorpusRun>
{
    public const string Name = "corpus";
}
