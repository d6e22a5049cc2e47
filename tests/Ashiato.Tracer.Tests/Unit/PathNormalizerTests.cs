using Ashiato.Tracer.Paths;
using Ashiato.Tracer.Session;

namespace Ashiato.Tracer.Tests.Unit;

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

    [Theory]
    [InlineData("42 (bash) S 7 42 42 0", 7)]
    [InlineData("99 (weird ) name (x)) R 1234 5 6", 1234)]
    [InlineData("garbage", null)]
    public void Parent_pid_is_read_after_the_last_parenthesis(string stat, int? parent) =>
        Assert.Equal(parent, ProcessTree.ParseParent(stat));

    [Fact]
    public void Descendants_include_grandchildren_but_not_siblings()
    {
        var parents = new Dictionary<int, int> { [10] = 1, [11] = 10, [12] = 11, [20] = 1, [13] = 10 };

        Assert.Equal([10, 11, 13, 12], ProcessTree.Descendants(10, parents));
    }
}
