using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// <c>hashFiles(...)</c>, as HashFilesFunction computes it: the runner's node runs <c>bin/hashFiles</c> in the workspace,
/// patterns in the <c>patterns</c> variable, and prints <c>__OUTPUT__&lt;hash&gt;__OUTPUT__</c> on stderr. A runner
/// child outside any step.
/// </summary>
internal sealed class HashFilesRunner(RunnerLayout layout, DiagLog log, ProcessInvoker invoker, string workspace)
{
    private const string Source = "HashFiles";
    private const string Marker = "__OUTPUT__";

    public async Task<string> RunAsync(IReadOnlyList<string> patterns, CancellationToken cancellationToken)
    {
        log.Info(Source, $"Search root directory: '{workspace}'");
        log.Info(Source, $"Search pattern: '{string.Join(", ", patterns)}'");
        var hash = string.Empty;
        var spec = new ProcessSpec(layout.Node, $"\"{layout.HashFiles}\"", workspace, new Dictionary<string, string> { ["patterns"] = string.Join('\n', patterns) });
        var exitCode = await invoker.ExecuteAsync(spec, line =>
        {
            if (line.Length >= 2 * Marker.Length && line.StartsWith(Marker, StringComparison.Ordinal) && line.EndsWith(Marker, StringComparison.Ordinal))
            {
                hash = line[Marker.Length..^Marker.Length];
                log.Info(Source, $"Hash result: '{hash}'");
            }
            else
            {
                log.Info(Source, line);
            }
        }, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidDataException($"hashFiles('{string.Join(", ", patterns)}') failed. Fail to hash files under directory '{workspace}'");
        }
        return hash;
    }
}
