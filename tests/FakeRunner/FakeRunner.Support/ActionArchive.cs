using System.Formats.Tar;
using System.IO.Compression;
using FakeRunner.Protocol;

namespace FakeRunner.Support;

/// <summary>
/// Packs a scenario action as GitHub's tarball API serves a repository: a gzip tar with one top folder
/// <c>owner-repo-&lt;sha&gt;/</c>, file modes kept.
/// </summary>
public static class ActionArchive
{
    public static void Pack(string sourceDirectory, ActionReference action, string archive)
    {
        var top = $"{action.Owner}-{action.Repo}-3f78685/";
        using var file = File.Create(archive);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var path in Directory.GetFiles(sourceDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            tar.WriteEntry(path, top + Path.GetRelativePath(sourceDirectory, path));
        }
    }

    /// <summary>The scenario actions under <c>Scenarios/actions/owner/repo/ref/</c>.</summary>
    public static IEnumerable<(ActionReference Action, string Directory)> ScenarioActions(string scenarios)
    {
        var root = Path.Combine(scenarios, "actions");
        foreach (var owner in Directory.GetDirectories(root))
        {
            foreach (var repo in Directory.GetDirectories(owner))
            {
                foreach (var reference in Directory.GetDirectories(repo))
                {
                    yield return (new ActionReference(Path.GetFileName(owner), Path.GetFileName(repo), null, Path.GetFileName(reference)), reference);
                }
            }
        }
    }
}
