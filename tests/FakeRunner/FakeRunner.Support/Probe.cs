using System.Globalization;

namespace FakeRunner.Support;

/// <summary>
/// What a scenario process recorded of itself, its parent and its grandparent (probe.sh, probe.js): the process tree,
/// argv, cwd and environment as a tracer sees them, and when (wall clock, microseconds). A parent that had exited
/// already is <see cref="ProcessFacts.Gone"/>.
/// </summary>
/// <param name="Extra">What the probing process added (probe.js only), as JSON.</param>
public sealed record Probe(string Name, DateTimeOffset Time, ProcessFacts Self, ProcessFacts Parent, ProcessFacts Grandparent, string? Extra)
{
    public static Probe Read(string directory)
    {
        var seconds = decimal.Parse(File.ReadAllText(Path.Combine(directory, "time")).Trim().Replace(',', '.'), CultureInfo.InvariantCulture);
        var extra = Path.Combine(directory, "extra.json");
        return new Probe(
            Path.GetFileName(directory),
            DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond)),
            Facts(directory, "self"),
            Facts(directory, "parent"),
            Facts(directory, "grandparent"),
            File.Exists(extra) ? File.ReadAllText(extra) : null);
    }

    /// <summary>
    /// One process's files: stat, cmdline and environ as /proc gave them, and "links" (cwd, then exe, one a line); some
    /// missing when the process exited while the probe read it.
    /// </summary>
    private static ProcessFacts Facts(string directory, string process)
    {
        var files = Path.Combine(directory, process);
        if (!new[] { "stat", "cmdline", "environ" }.All(name => File.Exists(Path.Combine(files, name))))
        {
            return ProcessFacts.Gone;
        }
        var links = File.ReadAllText(Path.Combine(files, "links")).Split('\n');
        return ProcessFacts.Parse(
            File.ReadAllText(Path.Combine(files, "stat")),
            File.ReadAllBytes(Path.Combine(files, "cmdline")),
            File.ReadAllBytes(Path.Combine(files, "environ")),
            links.ElementAtOrDefault(0) ?? string.Empty,
            links.ElementAtOrDefault(1) ?? string.Empty);
    }
}

/// <summary>
/// The probes of one job: <c>&lt;probe directory&gt;/&lt;RUNNER_TRACKING_ID&gt;/&lt;name&gt;/</c>. A probe directory
/// appears complete (it is renamed into place), so a reader never meets half of one.
/// </summary>
public sealed class JobProbes(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>The job's RUNNER_TRACKING_ID: the probes are grouped by it.</summary>
    public string TrackingId => Path.GetFileName(Directory);

    public IReadOnlyList<Probe> All =>
        [.. System.IO.Directory.GetDirectories(Directory).Where(path => !Path.GetFileName(path).StartsWith('.')).Select(Probe.Read).OrderBy(probe => probe.Time)];

    public bool Has(string name) => System.IO.Directory.Exists(Path.Combine(Directory, name));

    public Probe this[string name] =>
        Has(name) ? Probe.Read(Path.Combine(Directory, name)) : throw new KeyNotFoundException($"no probe '{name}' in {Directory}; there are: {string.Join(", ", All.Select(p => p.Name))}");
}
