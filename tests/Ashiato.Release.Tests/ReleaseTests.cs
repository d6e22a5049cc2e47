using System.IO.Compression;

namespace Ashiato.Release.Tests;

/// <summary>
/// The release runs on the userlands of GitHub's hosted images (Ubuntu 22.04 with glibc 2.35 and no libbpf.so.1, and
/// 24.04), which cannot be booted here: proven by what every ELF file in it needs, and by tracing from a clean
/// directory with nothing else on PATH or LD_LIBRARY_PATH.
/// </summary>
[Collection(ReleaseCollection.Name)]
[Trait("Category", "kernel")]
public sealed class ReleaseTests(ReleaseTarball release)
{
    /// <summary>Ubuntu 22.04's glibc, the oldest on GitHub's hosted runners.</summary>
    private static readonly Version OldestGlibc = new(2, 35);

    /// <summary>What a hosted image always has: glibc's libraries, the C++ runtime, zlib and libelf.</summary>
    private static readonly HashSet<string> SystemLibraries =
    [
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2",
        "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1", "libelf.so.1",
    ];

    [Fact]
    public void EveryElfFileNeedsGlibc235OrOlder()
    {
        var elves = ElfFiles.Under(release.Directory);
        Assert.Contains(elves, file => Path.GetFileName(file) == "ashiato");
        Assert.Contains(elves, file => Path.GetFileName(file) == "libbpf.so.1");
        Assert.Contains(elves, file => Path.GetFileName(file) == "libcoreclr.so");
        var tooNew = elves
            .Select(file => (File: Path.GetRelativePath(release.Directory, file), Highest: ElfFiles.GlibcVersions(ElfFiles.Objdump("-T", file)).DefaultIfEmpty(new Version(0, 0)).Max()!))
            .Where(elf => elf.Highest > OldestGlibc)
            .Select(elf => $"{elf.File} needs GLIBC_{elf.Highest}")
            .ToList();
        Assert.True(tooNew.Count == 0, string.Join("\n", tooNew));
    }

    [Fact]
    public void NothingIsNeededFromOutsideButGlibcTheCppRuntimeZlibAndLibelf()
    {
        var bundled = Directory.EnumerateFiles(release.Directory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToHashSet();
        var outside = ElfFiles.Under(release.Directory)
            .SelectMany(file => ElfFiles.Needed(ElfFiles.Objdump("-p", file)).Select(library => (File: Path.GetRelativePath(release.Directory, file), Library: library)))
            .Where(needed => !SystemLibraries.Contains(needed.Library) && !bundled.Contains(needed.Library))
            .Select(needed => $"{needed.File} needs {needed.Library}")
            .ToList();
        Assert.True(outside.Count == 0, string.Join("\n", outside));
    }

    [Fact]
    public void TracesACommandWithNothingButTheUnpackedReleaseOnPathAndNoLibraryPath()
    {
        var work = Directory.CreateDirectory(Path.Combine(release.Scratch, "work")).FullName;
        var trace = Path.Combine(work, "trace.jsonl.gz");
        // The traced shell prints the libbpf its parent, the tracer, has mapped: the bundled one, not the system's.
        var result = Command.Run(
            [release.Executable, "trace", "-o", trace, "--", "/bin/sh", "-c", "exec /bin/grep -h -m1 libbpf /proc/$PPID/maps"],
            new Dictionary<string, string> { ["PATH"] = release.Directory, ["LD_LIBRARY_PATH"] = "", ["HOME"] = work },
            work);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.EndsWith($" {Path.Combine(release.Directory, "libbpf.so.1")}", result.Output.Trim());

        using var reader = new StreamReader(new GZipStream(File.OpenRead(trace), CompressionMode.Decompress));
        var text = reader.ReadToEnd();
        Assert.Contains("\"type\":\"trace_meta\"", text, StringComparison.Ordinal);
        Assert.Contains("\"filename\":\"/bin/grep\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheChecksumFileNamesTheTarballAndMatchesIt()
    {
        var line = File.ReadAllText(release.TarballPath + ".sha256").Trim();
        using var file = File.OpenRead(release.TarballPath);
        var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));
        Assert.Equal($"{actual}  {Path.GetFileName(release.TarballPath)}", line);
    }
}
