namespace FakeRunner.Protocol;

/// <summary>
/// The runner's <c>.runner</c> file, with the real file's field names. The real runner writes it with a UTF-8 byte order
/// mark (IOUtil.SaveObject), and so does the fake, so readers meet the same bytes.
/// </summary>
public sealed record RunnerSettings
{
    public int AgentId { get; init; } = 1;

    public required string AgentName { get; init; }

    public int PoolId { get; init; } = 1;

    public string PoolName { get; init; } = "Default";

    /// <summary>Where the listener polls for jobs: on the fake, a <c>file:</c> URI of its broker directory.</summary>
    public required string ServerUrl { get; init; }

    public required string GitHubUrl { get; init; }

    public string WorkFolder { get; init; } = "_work";

    public bool? Ephemeral { get; init; }

    public void Save(string path) => ProtocolJson.WriteFileAtomically(path, this, byteOrderMark: true);

    public static RunnerSettings Load(string path) => ProtocolJson.ReadFile<RunnerSettings>(path);
}
