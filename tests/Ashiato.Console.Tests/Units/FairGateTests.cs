using Ashiato.Web.Engines;

namespace Ashiato.Web.Tests.Units;

[Trait("Category", "unit")]
public sealed class FairGateTests
{
    [Fact]
    public async Task A_flood_from_one_organisation_leaves_a_slot_for_another()
    {
        var gate = new FairGate("queries", capacity: 2, maxWaitingPerOrg: 16);
        var flood = await gate.EnterAsync("flood", CancellationToken.None);
        var queued = Enumerable.Range(0, 10).Select(_ => gate.EnterAsync("flood", CancellationToken.None)).ToList();

        // The flood holds one slot and waits for more; the other organisation walks into the second.
        var other = gate.EnterAsync("quiet", CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        (await other).Dispose();
        flood.Dispose();
        Assert.True((await queued[0]) is not null);
    }

    [Fact]
    public async Task Organisations_take_turns_when_both_have_work_waiting()
    {
        var gate = new FairGate("queries", capacity: 1, maxWaitingPerOrg: 16);
        var running = await gate.EnterAsync("a", CancellationToken.None);
        var order = new List<string>();
        var waiting = new List<Task>();
        foreach (var org in new[] { "a", "a", "a", "b", "b" })
        {
            waiting.Add(gate.EnterAsync(org, CancellationToken.None).ContinueWith(t =>
            {
                lock (order)
                {
                    order.Add(org);
                }
                t.Result.Dispose();
            }, TaskScheduler.Default));
        }

        running.Dispose();
        await Task.WhenAll(waiting);

        Assert.Equal(["a", "b", "a", "b", "a"], order);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_the_line_and_too_many_waiting_are_refused()
    {
        var gate = new FairGate("queries", capacity: 1, maxWaitingPerOrg: 2);
        var running = await gate.EnterAsync("a", CancellationToken.None);
        using var leave = new CancellationTokenSource();
        var gaveUp = gate.EnterAsync("a", leave.Token);
        var stays = gate.EnterAsync("a", CancellationToken.None);

        var refused = await Assert.ThrowsAsync<EngineBusyException>(() => gate.EnterAsync("a", CancellationToken.None));
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        var third = gate.EnterAsync("a", CancellationToken.None); // the line has room again
        running.Dispose();

        Assert.Contains("too many queries of this organisation are waiting", refused.Message);
        (await stays).Dispose();
        (await third).Dispose();
    }
}
