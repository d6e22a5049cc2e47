using Ashiato.Events;
using Ashiato.Events.Jsonl;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Kernel;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Tracer.Tests.Pipeline;

/// <summary>A trace with losses must say so for every event type, the tamper records included.</summary>
[Trait("Category", "unit")]
public sealed class LossCountTests
{
    [Fact]
    public async Task Records_lost_in_the_kernel_or_in_user_space_are_counted_under_their_event_type()
    {
        var kernel = new KernelCounters(
            new Dictionary<RecordKind, long>
            {
                [RecordKind.FileRename] = 1,
                [RecordKind.FileDelete] = 2,
                [RecordKind.FileChmod] = 3,
                [RecordKind.ProcessAccess] = 4,
            },
            new Dictionary<StatSlot, long>());
        var userSpace = new Dictionary<RecordKind, long> { [RecordKind.ProcessAccess] = 10 };

        var stats = await RunWith(new CountersObserved(kernel, userSpace, 0, Final: true, 0));

        Assert.Equal(1, stats.Dropped[EventKind.FileRename]);
        Assert.Equal(2, stats.Dropped[EventKind.FileDelete]);
        Assert.Equal(3, stats.Dropped[EventKind.FileChmod]);
        Assert.Equal(14, stats.Dropped[EventKind.ProcessAccess]);
        Assert.Equal(20, stats.TotalDropped);
        Assert.All(EventKindNames.Captured, kind => Assert.True(stats.Events.ContainsKey(kind), $"no count for {kind.ToWire()}"));
    }

    [Fact]
    public void Every_kind_of_record_but_exit_counts_against_an_event_type_the_stats_list()
    {
        Assert.All(Enum.GetValues<RecordKind>().Where(k => k != RecordKind.Exit), kind =>
        {
            var eventKind = RecordKindEvents.EventKindOf(kind);
            Assert.NotNull(eventKind);
            Assert.Contains(eventKind.Value, EventKindNames.Captured);
        });
    }

    private static async Task<TracerStats> RunWith(CountersObserved counters)
    {
        using var output = new MemoryStream();
        var channel = TracePipeline.CreateSourceChannel();
        var meta = new TraceMeta
        {
            Timestamp = DateTimeOffset.UtcNow,
            TracerVersion = "test",
            Kernel = "test",
            Hostname = "test",
            Scope = TraceScope.Command,
        };
        var stages = TracePipeline.RunStages(channel.Reader, new TraceFileWriter(output, gzip: true), meta, KernelClock.Now(), new TraceProgress());
        await channel.Writer.WriteAsync(new SourceItem(null, counters));
        channel.Writer.Complete();
        return (await stages).FinalStats;
    }
}
