using FakeRunner.Protocol;

namespace FakeRunner.Support;

/// <summary>The scenario jobs under <c>Scenarios/jobs/</c>.</summary>
public static class Scenarios
{
    public static JobMessage Load(string name) =>
        ProtocolJson.ReadFile<JobMessage>(Path.Combine(RunnerFiles.Scenarios, "jobs", $"{name}.json"));
}
