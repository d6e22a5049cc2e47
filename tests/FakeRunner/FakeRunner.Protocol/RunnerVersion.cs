namespace FakeRunner.Protocol;

public static class RunnerVersion
{
    /// <summary>The runner version the fake reports, a recent real one.</summary>
    public const string Current = "2.330.0";
}
