using FakeRunner.Protocol;

namespace FakeRunner.Support;

/// <summary>The scenario jobs under <c>Scenarios/jobs/</c>.</summary>
public static class Scenarios
{
    /// <summary>The first line of a scenario script that probes: makes probe, rendezvous, wait_for_probe and record_signals available.</summary>
    public const string SourceProbes = ". \"$FAKE_RUNNER_PROBES/probe.sh\"\n";

    public static JobMessage Load(string name) =>
        ProtocolJson.ReadFile<JobMessage>(Path.Combine(RunnerFiles.Scenarios, "jobs", $"{name}.json"));

    /// <summary>A job of the scenarios' repository, with their secrets and workflow env, that runs <paramref name="steps"/>.</summary>
    public static JobMessage WithSteps(params JobStep[] steps) => Load("empty") with { Steps = steps };
}
