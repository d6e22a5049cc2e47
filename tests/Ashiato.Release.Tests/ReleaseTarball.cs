namespace Ashiato.Release.Tests;

/// <summary>
/// The release as a user gets it: built by scripts/release.sh once per test run (and cached by the script under
/// .build/release-cache by the hash of the sources), unpacked into a clean directory.
/// </summary>
public sealed class ReleaseTarball : IDisposable
{
    public ReleaseTarball()
    {
        Scratch = System.IO.Directory.CreateTempSubdirectory("ashiato-release-").FullName;
        var build = Command.Run([Path.Combine(RepositoryRoot, "scripts", "release.sh"), "--out", Path.Combine(Scratch, "dist")]);
        Assert.True(build.ExitCode == 0, $"scripts/release.sh failed:\n{build.Error}");
        TarballPath = build.Output.Trim().Split('\n')[^1];
        var unpacked = Path.Combine(Scratch, "unpacked");
        System.IO.Directory.CreateDirectory(unpacked);
        var tar = Command.Run(["tar", "-xzf", TarballPath, "-C", unpacked]);
        Assert.True(tar.ExitCode == 0, tar.Error);
        Directory = System.IO.Directory.GetDirectories(unpacked).Single();
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public string Scratch { get; }

    public string TarballPath { get; }

    /// <summary>The unpacked release: <c>ashiato-&lt;version&gt;-linux-x64/</c>.</summary>
    public string Directory { get; }

    public string Executable => Path.Combine(Directory, "ashiato");

    public void Dispose() => System.IO.Directory.Delete(Scratch, recursive: true);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ashiato.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no Ashiato.slnx above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class ReleaseCollection : ICollectionFixture<ReleaseTarball>
{
    public const string Name = "release tarball";
}
