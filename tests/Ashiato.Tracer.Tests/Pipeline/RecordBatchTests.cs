using Ashiato.Tracer.Pipeline;

namespace Ashiato.Tracer.Tests.Pipeline;

/// <summary>A drain's records, copied back to back: each one reads back exactly as it was appended.</summary>
[Trait("Category", "unit")]
public sealed class RecordBatchTests
{
    [Fact]
    public void Records_read_back_unchanged_after_the_buffer_grows()
    {
        // 3,000 records of 1 to 300 bytes: about 450 KB, so the 64 KiB buffer it starts with grows several times.
        var records = Enumerable.Range(0, 3000)
            .Select(i => Enumerable.Range(0, 1 + i % 300).Select(b => (byte)(i * 7 + b)).ToArray())
            .ToList();
        using var batch = new RecordBatch();

        foreach (var record in records)
        {
            batch.Append(record);
        }

        Assert.Equal(records.Count, batch.Count);
        Assert.Equal(records.Sum(r => r.Length), batch.ByteCount);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.True(batch[i].SequenceEqual(records[i]), $"record {i} differs");
        }
    }

    [Fact]
    public void An_empty_record_takes_a_slot_of_its_own()
    {
        using var batch = new RecordBatch();

        batch.Append([1, 2]);
        batch.Append([]);
        batch.Append([3]);

        Assert.Equal(3, batch.Count);
        Assert.True(batch[1].IsEmpty);
        Assert.Equal([3], batch[2].ToArray());
    }
}
