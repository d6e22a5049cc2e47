using System.Text;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Tracer.Tests.Pipeline;

[Trait("Category", "unit")]
public sealed class Utf8StringCacheTests
{
    [Fact]
    public void The_same_bytes_give_the_same_string_instance()
    {
        var cache = new Utf8StringCache();

        var first = cache.Get("/usr/include/stdio.h"u8);
        var again = cache.Get("/usr/include/stdio.h"u8.ToArray());

        Assert.Equal("/usr/include/stdio.h", first);
        Assert.Same(first, again);
        Assert.NotSame(first, cache.Get("/usr/include/stdlib.h"u8));
    }

    [Theory]
    [InlineData(new byte[] { 0x63, 0x63, 0x31 })]              // "cc1"
    [InlineData(new byte[] { 0xe8, 0xb6, 0xb3, 0xe8, 0xb7, 0xa1 })] // 足跡
    [InlineData(new byte[] { 0x61, 0xff, 0x62 })]              // not UTF-8: replaced, as Encoding.UTF8 does
    [InlineData(new byte[] { 0x61, 0xe8, 0xb6 })]              // a sequence cut at the end of the capture
    [InlineData(new byte[0])]
    public void Decodes_exactly_as_encoding_utf8_does(byte[] utf8) =>
        Assert.Equal(Encoding.UTF8.GetString(utf8), new Utf8StringCache().Get(utf8));

    [Fact]
    public void Long_strings_are_decoded_whole_without_being_kept()
    {
        var cache = new Utf8StringCache();
        var path = "/" + new string('a', Utf8StringCache.MaxCachedChars + 100);

        Assert.Equal(path, cache.Get(Encoding.UTF8.GetBytes(path)));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_full_cache_starts_over_instead_of_growing()
    {
        var cache = new Utf8StringCache(capacity: 4);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal($"/tmp/file{i}", cache.Get(Encoding.UTF8.GetBytes($"/tmp/file{i}")));
        }

        Assert.InRange(cache.Count, 1, 4);
    }
}
