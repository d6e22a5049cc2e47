using System.IO.Compression;
using System.Text;
using Ashiato.Events.Jsonl;

namespace Ashiato.Events.Tests;

[Trait("Category", "unit")]
public sealed class TraceFileTests
{
    private static FileWrite Write(int i) => new()
    {
        Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(i),
        Pid = i,
        Comm = "w",
        Path = $"/tmp/{i}",
        Bytes = i,
    };

    private static List<string> ReadAll(Stream stream, out TraceTail tail)
    {
        var lines = new List<string>();
        using var reader = new TraceLineReader(stream, "test");
        while (reader.TryReadLine(out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line.Utf8.Span));
        }
        tail = reader.Tail!;
        return lines;
    }

    [Fact]
    public void Every_flush_is_a_gzip_member_and_all_members_read_back()
    {
        var file = new MemoryStream();
        using (var writer = new TraceFileWriter(new NonClosing(file), gzip: true))
        {
            for (var i = 0; i < 30; i++)
            {
                writer.Write(Write(i));
                if (i % 10 == 9)
                {
                    writer.Flush();
                }
            }
        }

        file.Position = 0;
        var lines = ReadAll(file, out var tail);

        Assert.Equal(30, lines.Count);
        Assert.False(tail.CutShort);
        Assert.Equal(3, CountMembers(file.ToArray()));
    }

    [Fact]
    public void A_file_cut_inside_a_member_keeps_every_complete_member_and_says_it_was_cut()
    {
        var file = new MemoryStream();
        using (var writer = new TraceFileWriter(new NonClosing(file), gzip: true))
        {
            for (var i = 0; i < 20; i++)
            {
                writer.Write(Write(i));
                if (i == 9)
                {
                    writer.Flush();
                }
            }
        }
        var bytes = file.ToArray();
        var firstMember = FirstMemberLength(bytes);

        var lines = ReadAll(new MemoryStream(bytes[..(firstMember + 30)]), out var tail);

        Assert.True(lines.Count >= 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"/tmp/{i}"), lines.Take(10).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("path").GetString()));
        Assert.True(tail.CutShort);
    }

    [Fact]
    public void A_last_line_without_newline_is_reported_not_returned()
    {
        var lines = ReadAll(new MemoryStream("{\"a\":1}\n{\"b\":"u8.ToArray()), out var tail);

        Assert.Equal(["{\"a\":1}"], lines);
        Assert.True(tail.CutShort);
        Assert.Equal(1, tail.LastCompleteLine);
        Assert.Contains("line 2", tail.Reason);
    }

    [Fact]
    public void Plain_jsonl_from_a_pipe_is_read_like_a_file()
    {
        var pipe = new NonSeekable(new MemoryStream("{\"type\":\"x\",\"timestamp\":\"t\"}\n\n"u8.ToArray()));

        var lines = ReadAll(pipe, out var tail);

        Assert.Equal(2, lines.Count);
        Assert.False(tail.CutShort);
    }

    [Fact]
    public void A_missing_file_is_one_clear_message()
    {
        var error = Assert.Throws<TraceFileException>(() => TraceLineReader.Open("/nonexistent/trace.jsonl.gz"));

        Assert.Equal("/nonexistent/trace.jsonl.gz: no such file", error.Message);
    }

    [Theory]
    [InlineData("""{"type":"file_open","timestamp":"2025-01-15T10:30:03Z","path":"/x"}""", null)]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""{"timestamp":"t"}""", "missing \"type\"")]
    [InlineData("""{"type":"x"}""", "missing \"timestamp\"")]
    [InlineData("""{"type":3,"timestamp":"t"}""", "\"type\" is not a string")]
    [InlineData("""{"type":"x","timestamp":"t"} {}""", "malformed JSON")]
    [InlineData("""{"type":"x",""", "malformed JSON")]
    public void Lines_are_validated_against_the_contract(string line, string? problem)
    {
        var reason = TraceLineValidator.Validate(Encoding.UTF8.GetBytes(line));

        if (problem is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.StartsWith(problem, reason);
        }
    }

    private static int CountMembers(byte[] bytes)
    {
        var count = 0;
        for (var i = 0; i + 2 < bytes.Length; i++)
        {
            if (bytes[i] == 0x1f && bytes[i + 1] == 0x8b && bytes[i + 2] == 8 && (i == 0 || IsMemberEnd(bytes, i)))
            {
                count++;
            }
        }
        return count;
    }

    private static bool IsMemberEnd(byte[] bytes, int index)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes[..index]), CompressionMode.Decompress);
        try
        {
            gzip.CopyTo(Stream.Null);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static int FirstMemberLength(byte[] bytes)
    {
        for (var i = 3; i + 2 < bytes.Length; i++)
        {
            if (bytes[i] == 0x1f && bytes[i + 1] == 0x8b && IsMemberEnd(bytes, i))
            {
                return i;
            }
        }
        throw new InvalidOperationException("one member only");
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
