using Ashiato.Tracer.Paths;

namespace Ashiato.Tracer.Tests.Unit;

[Trait("Category", "unit")]
public sealed class PathNormalizerTests
{
    [Theory]
    [InlineData("/home/u", "a.txt", "/home/u/a.txt")]
    [InlineData("/home/u", "./sub/../b", "/home/u/b")]
    [InlineData("/home/u", "../../../etc/passwd", "/etc/passwd")]
    [InlineData("/home/u", "/proc/self/maps", "/proc/self/maps")]
    [InlineData("/", "x//y/./z/", "/x/y/z")]
    [InlineData("", "relative", "/relative")]
    [InlineData("/a", "..", "/")]
    [InlineData("/", "/", "/")]
    [InlineData("/x", "/already/folded", "/already/folded")]
    [InlineData("/x", "/trailing/", "/trailing")]
    [InlineData("/x", "/a/.", "/a")]
    [InlineData("/x", "/a/b/..", "/a")]
    [InlineData("/x", "/a/.hidden/..b", "/a/.hidden/..b")]
    public void Joins_and_folds_without_following_links(string baseDirectory, string name, string expected) =>
        Assert.Equal(expected, PathNormalizer.Resolve(baseDirectory, name));
}
