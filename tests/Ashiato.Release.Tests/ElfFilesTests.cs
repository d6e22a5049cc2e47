namespace Ashiato.Release.Tests;

[Trait("Category", "unit")]
public sealed class ElfFilesTests
{
    [Fact]
    public void ReadsGlibcVersionsAndNeededLibrariesFromObjdump()
    {
        const string symbols = """
            0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.2.5) free
            0000000000000000      DF *UND*	0000000000000000 (GLIBC_2.34) __libc_start_main
            0000000000000000      DF *UND*	0000000000000000  GLIBC_2.28  fcntl64
            0000000000000000      DF *UND*	0000000000000000 (ELFUTILS_1.6) elf_getshdrstrndx
            """;
        Assert.Equal([new Version(2, 2, 5), new Version(2, 34), new Version(2, 28)], ElfFiles.GlibcVersions(symbols));

        const string headers = """
            Dynamic Section:
              NEEDED               libelf.so.1
              NEEDED               libz.so.1
              SONAME               libbpf.so.1
            """;
        Assert.Equal(["libelf.so.1", "libz.so.1"], ElfFiles.Needed(headers));
    }
}
