using FakeRunner.Protocol;
using FakeRunner.Support;

namespace FakeRunner.Tests;

/// <summary>One scenario job run to its end on a fresh fake runner, whose listener then exits.</summary>
public class ScenarioRun : IDisposable
{
    public ScenarioRun(string scenario, FakeRunnerOptions? options = null, Func<JobMessage, JobMessage>? change = null)
    {
        Host = FakeRunnerHost.Create(options);
        Job = Host.Enqueue(scenario, change);
        Host.RequestShutdown();
        Listener = Host.StartListener();
        Result = Host.WaitForResult(Job);
        Listener.WaitForExit();
    }

    public FakeRunnerHost Host { get; }

    public RunnerLayout Layout => Host.Layout;

    public JobMessage Job { get; }

    public ListenerProcess Listener { get; }

    public JobResult Result { get; }

    public JobProbes Probes => Host.ProbesOf(Result);

    public string Workspace => Layout.Workspace(Job.Run);

    public string WorkerLogText => string.Concat(Host.WorkerLogs().Select(File.ReadAllText));

    public IReadOnlyList<DiagEntry> WorkerLogEntries => WorkerLog.Parse(WorkerLogText);

    /// <summary>The output pages of the job's steps, concatenated.</summary>
    public string StepOutput => string.Concat(Directory.GetFiles(Layout.Pages, $"{Job.JobId}_*.log").Select(File.ReadAllText));

    public void Dispose()
    {
        Host.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>What the real runner would run, resolved on the runner service's PATH as its WhichUtil resolves it.</summary>
public static class OnServicePath
{
    public static string Find(string tool) =>
        FakeRunnerHost.ServicePath.Split(':').Select(directory => Path.Combine(directory, tool)).First(File.Exists);
}
