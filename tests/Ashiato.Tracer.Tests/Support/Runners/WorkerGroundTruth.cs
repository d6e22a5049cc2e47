using System.Globalization;
using System.Security.Cryptography;
using Ashiato.Events;
using FakeRunner.Support;

namespace Ashiato.Tracer.Tests.Support.Runners;

/// <summary>What a step should look like in the trace: its kind, GITHUB_ACTION and action, as the job defines them.</summary>
public sealed record ExpectedStep(StepKind Kind, string? Name = null, string? Action = null)
{
    /// <summary>The runner's housekeeping (tar, chmod, node on bin/hashFiles): step 0.</summary>
    public static readonly ExpectedStep Runner = new(StepKind.Runner);

    /// <summary>A job hook: the job's context but no step identity (no GITHUB_ACTION).</summary>
    public static readonly ExpectedStep Hook = new(StepKind.Hook);

    public static ExpectedStep Run(string name) => new(StepKind.Run, name);

    public static ExpectedStep JavaScript(string name, string action) => new(StepKind.Action, name, action);

    public static ExpectedStep Composite(string name, string action) => new(StepKind.Composite, name, action);

    /// <summary>Each of a freshly downloaded action's housekeeping children: tar, then chmod.</summary>
    public static IEnumerable<ExpectedStep> Download => [Runner, Runner];
}

/// <summary>One worker child as the fake runner's own log names it, with the step number the trace must give it.</summary>
/// <param name="Script">The script or entry point on its command line (its last argument), when it has one.</param>
public sealed record StepRoot(int Pid, int Number, ExpectedStep Expected, string FileName, string? Script);

/// <summary>
/// One job's ground truth from the fake runner itself, not from the trace: the worker's pid (from the listener's result)
/// and every process the worker started, in order, with its pid (from the worker's own log, as ProcessInvokerWrapper
/// writes it). Zipped with the steps the test expects, that gives each step root its number: 1, 2, ... in order of
/// start, 0 for housekeeping.
/// </summary>
public sealed class WorkerGroundTruth
{
    private WorkerGroundTruth(int workerPid, IReadOnlyList<StepRoot> roots)
    {
        WorkerPid = workerPid;
        Roots = roots;
    }

    public int WorkerPid { get; }

    public IReadOnlyList<StepRoot> Roots { get; }

    /// <summary>The step numbers of the worker's children, by pid.</summary>
    public IReadOnlyDictionary<int, int> StepOfRoot => Roots.ToDictionary(root => root.Pid, root => root.Number);

    /// <summary>The root of step <paramref name="number"/> (one of 1, 2, ...).</summary>
    public StepRoot Step(int number) => Roots.Single(root => root.Number == number);

    /// <summary>
    /// The worker <paramref name="workerPid"/>'s children from <paramref name="host"/>'s worker logs, each given its
    /// number from <paramref name="expected"/> (one entry per child, in the order the worker started them). A tracer
    /// attached to a running job sees the children from <paramref name="firstSeen"/> on (the earlier ones had
    /// exited): it numbers those.
    /// </summary>
    public static WorkerGroundTruth Of(FakeRunnerHost host, int workerPid, IEnumerable<ExpectedStep> expected, int? firstSeen = null)
    {
        var started = StartedBy(host, workerPid).SkipWhile(p => firstSeen is { } first && p.Pid != first).ToList();
        var steps = expected.ToList();
        Assert.True(
            steps.Count == started.Count,
            $"worker {workerPid} started {started.Count} processes, the test expects {steps.Count}:\n" +
            string.Join("\n", started.Select(p => $"  {p.Pid}: {p.FileName} {p.Arguments}")));
        var roots = new List<StepRoot>();
        var last = 0;
        for (var i = 0; i < started.Count; i++)
        {
            var number = steps[i].Kind == StepKind.Runner ? 0 : ++last;
            roots.Add(new StepRoot(started[i].Pid, number, steps[i], started[i].FileName, LastArgument(started[i].Arguments)));
        }
        return new WorkerGroundTruth(workerPid, roots);
    }

    /// <summary>The processes <paramref name="workerPid"/> started, from the log part its "Process id:" line opens.</summary>
    public static IReadOnlyList<StartedProcess> StartedBy(FakeRunnerHost host, int workerPid)
    {
        var entries = WorkerLog.Parse(string.Concat(host.WorkerLogs().Select(File.ReadAllText)));
        var ownLine = $"Process id: {workerPid.ToString(CultureInfo.InvariantCulture)}";
        // Workers of one listener run one at a time and may share a log file (one per second): each starts its part.
        var part = entries
            .SkipWhile(entry => entry.Message != ownLine)
            .TakeWhile((entry, index) => index == 0 || !entry.Message.StartsWith("Process id: ", StringComparison.Ordinal))
            .ToList();
        Assert.True(part.Count > 0, $"no worker log of worker {workerPid} in {host.Layout.Diag}");
        return WorkerLog.StartedProcesses(part);
    }

    public static string Sha256OfFile(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The last argument of a ProcessInvokerWrapper "Arguments:" line, unquoted; the runner quotes file names.</summary>
    private static string? LastArgument(string arguments)
    {
        var trimmed = arguments.Trim();
        if (trimmed.EndsWith('"'))
        {
            var open = trimmed.LastIndexOf('"', trimmed.Length - 2);
            return trimmed[(open + 1)..^1];
        }
        var space = trimmed.LastIndexOf(' ');
        return trimmed.Length == 0 ? null : trimmed[(space + 1)..];
    }
}
