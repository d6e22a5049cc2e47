using System.Text.RegularExpressions;

namespace Ashiato.Release.Tests;

/// <summary>What objdump says about the ELF files of a directory: the glibc versions they need and their NEEDED libraries.</summary>
public static partial class ElfFiles
{
    private static ReadOnlySpan<byte> Magic => [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>Every ELF file under <paramref name="directory"/>, by its first four bytes (not its name).</summary>
    public static IReadOnlyList<string> Under(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(IsElf).Order(StringComparer.Ordinal)];

    /// <summary>The glibc symbol versions <c>objdump -T</c> lists (GLIBC_2.28 and the like). Pure.</summary>
    public static IEnumerable<Version> GlibcVersions(string objdumpDynamicSymbols) =>
        GlibcVersion().Matches(objdumpDynamicSymbols).Select(m => Version.Parse(m.Groups[1].Value.Contains('.', StringComparison.Ordinal) ? m.Groups[1].Value : m.Groups[1].Value + ".0")).Distinct();

    /// <summary>The NEEDED entries of <c>objdump -p</c>. Pure.</summary>
    public static IEnumerable<string> Needed(string objdumpPrivateHeaders) =>
        NeededLine().Matches(objdumpPrivateHeaders).Select(m => m.Groups[1].Value);

    public static string Objdump(string flag, string file)
    {
        var result = Command.Run(["objdump", flag, file]);
        Assert.True(result.ExitCode == 0, $"objdump {flag} {file}: {result.Error}");
        return result.Output;
    }

    private static bool IsElf(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(Magic);
    }

    [GeneratedRegex(@"\bGLIBC_(\d+(?:\.\d+)*)\b")]
    private static partial Regex GlibcVersion();

    [GeneratedRegex(@"^\s*NEEDED\s+(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex NeededLine();
}
