namespace Ashiato.Tracer.Jobs;

/// <summary>The few files on the host that identify a job: the runner's <c>.runner</c> and the scripts steps run.</summary>
public interface IHostFiles
{
    /// <summary>The hex SHA-256 of a file's content, or null when it cannot be read (gone, or too large).</summary>
    string? Sha256(string path);

    /// <summary>The runner's name from <c>&lt;root&gt;/.runner</c>, or null; <paramref name="isRunner"/> says whether that file exists.</summary>
    string? RunnerName(string runnerRoot, out bool isRunner);
}
