using System.IO.Compression;
using System.Text.Json;
using Ashiato.Events;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Tracer.Tests.Pipeline;

/// <summary>
/// The warm-up must take every event kind through decode, enrich and sink, or the first real event of a kind left
/// out still pays for JIT compilation while the job runs.
/// </summary>
[Trait("Category", "unit")]
public sealed class PipelineWarmupTests
{
    [Fact]
    public async Task Every_event_kind_goes_through_the_whole_pipeline()
    {
        using var output = new MemoryStream();

        var summary = await PipelineWarmup.RunAsync(output);

        foreach (var kind in EventKindNames.Captured)
        {
            Assert.True(summary.Events[kind] >= 1, $"the warm-up wrote no {kind.ToWire()}");
        }
        var lines = ReadLines(output.ToArray());
        var dns = JsonDocument.Parse(lines.Single(l => l.Contains("\"type\":\"dns_query\"", StringComparison.Ordinal))).RootElement;
        Assert.Equal("warm-up.invalid", dns.GetProperty("hostname").GetString());
        Assert.Equal(["127.0.0.1"], dns.GetProperty("answers").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains(lines, l => l.Contains("\"type\":\"net_connect\"", StringComparison.Ordinal) && l.Contains("\"hostname\":\"warm-up.invalid\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"type\":\"file_write\"", StringComparison.Ordinal) && l.Contains("\"bytes\":3", StringComparison.Ordinal));
        Assert.Contains("\"final\":true", lines[^1], StringComparison.Ordinal);
    }

    private static List<string> ReadLines(byte[] gzip)
    {
        using var reader = new StreamReader(new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }
}
