namespace Ashiato.Events.Tests;

[Trait("Category", "unit")]
public sealed class OpenFlagsTests
{
    [Theory]
    [InlineData(0x0, "O_RDONLY")]
    [InlineData(0x241, "O_WRONLY|O_CREAT|O_TRUNC")]
    [InlineData(0x402, "O_RDWR|O_APPEND")]
    [InlineData(0x80241, "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC")]
    [InlineData(0x98800, "O_RDONLY|O_NONBLOCK|O_LARGEFILE|O_DIRECTORY|O_CLOEXEC")]
    [InlineData(0x101001, "O_WRONLY|O_SYNC")]
    [InlineData(0x1001, "O_WRONLY|O_DSYNC")]
    [InlineData(0x410002, "O_RDWR|O_TMPFILE")]
    [InlineData(0x200000, "O_RDONLY|O_PATH")]
    [InlineData(0x3, "O_ACCMODE")]
    [InlineData(0x40000000, "O_RDONLY|0x40000000")]
    public void Renders_like_strace(int value, string expected) =>
        Assert.Equal(expected, new OpenFlags(value).ToString());

    [Fact]
    public void Every_bit_set_still_fits_the_buffer_the_json_writer_formats_into()
    {
        var text = new OpenFlags(-1).ToString();

        Assert.StartsWith("O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_ASYNC", text);
        Assert.EndsWith("|O_SYNC|O_PATH|O_TMPFILE|0xff80003c", text);
        Assert.InRange(text.Length, 1, OpenFlags.MaxFormattedLength);
    }

    [Theory]
    [InlineData(0x0, false)]
    [InlineData(0x1, true)]
    [InlineData(0x2, true)]
    public void Knows_when_a_file_is_opened_for_writing(int value, bool writes) =>
        Assert.Equal(writes, new OpenFlags(value).Writes);
}
