using System.Net;
using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Dns;

[Trait("Category", "unit")]
public class HostnameResolverTests
{
    private static readonly IPAddress Shared = IPAddress.Parse("192.0.2.10");

    [Fact]
    public void An_answered_address_gives_its_name_and_others_give_none()
    {
        var resolver = new HostnameResolver(new ProcessTree());
        resolver.RecordAnswer(100, "api.test", [IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")], timestamp: 1);

        Assert.True(resolver.TryGetHostname(IPAddress.Parse("2001:db8::1"), 100, out string? name));
        Assert.Equal("api.test", name);
        Assert.False(resolver.TryGetHostname(IPAddress.Parse("192.0.2.2"), 100, out _));
        Assert.Equal(2, resolver.AddressCount);
    }

    [Fact]
    public void The_connecting_process_own_answer_beats_a_newer_answer_to_an_unrelated_process()
    {
        var resolver = new HostnameResolver(new ProcessTree());
        resolver.RecordAnswer(100, "mine.test", [Shared], timestamp: 1);
        resolver.RecordAnswer(200, "theirs.test", [Shared], timestamp: 2);

        Assert.Equal("mine.test", Lookup(resolver, 100));
        Assert.Equal("theirs.test", Lookup(resolver, 200));
        Assert.Equal("theirs.test", Lookup(resolver, 300));
    }

    [Fact]
    public void A_sibling_in_the_same_tree_beats_a_newer_answer_outside_it()
    {
        // shell 10 runs getent 12 then curl 11; daemon 99 is outside the job.
        ProcessTree tree = new ProcessTree().Add(10, 1).Add(11, 10).Add(12, 10);
        var resolver = new HostnameResolver(tree);
        resolver.RecordAnswer(12, "job.test", [Shared], timestamp: 5);
        resolver.RecordAnswer(99, "daemon.test", [Shared], timestamp: 9);

        Assert.Equal("job.test", Lookup(resolver, 11));
    }

    [Fact]
    public void A_closer_relative_beats_a_newer_answer_to_a_more_distant_one()
    {
        // 10 -> 20 -> 21 (connects); 10 -> 30 -> 31 -> 32 (a cousin's child).
        ProcessTree tree = new ProcessTree().Add(20, 10).Add(21, 20).Add(30, 10).Add(31, 30).Add(32, 31);
        var resolver = new HostnameResolver(tree);
        resolver.RecordAnswer(20, "parent.test", [Shared], timestamp: 1);
        resolver.RecordAnswer(32, "cousin.test", [Shared], timestamp: 2);

        Assert.Equal("parent.test", Lookup(resolver, 21));
        Assert.Equal("cousin.test", Lookup(resolver, 31));
    }

    [Fact]
    public void Among_equally_close_answers_the_most_recent_wins_and_a_repeat_refreshes_it()
    {
        var resolver = new HostnameResolver(new ProcessTree());
        resolver.RecordAnswer(100, "first.test", [Shared], timestamp: 1);
        resolver.RecordAnswer(100, "second.test", [Shared], timestamp: 2);
        Assert.Equal("second.test", Lookup(resolver, 100));

        resolver.RecordAnswer(100, "first.test", [Shared], timestamp: 3);
        Assert.Equal("first.test", Lookup(resolver, 100));
    }

    [Fact]
    public void V4_mapped_addresses_match_their_IPv4_form_both_ways()
    {
        var resolver = new HostnameResolver(new ProcessTree());
        resolver.RecordAnswer(100, "v4.test", [IPAddress.Parse("192.0.2.1")], timestamp: 1);
        resolver.RecordAnswer(100, "mapped.test", [IPAddress.Parse("::ffff:192.0.2.2")], timestamp: 1);

        Assert.True(resolver.TryGetHostname(IPAddress.Parse("::ffff:192.0.2.1"), 100, out string? v4));
        Assert.True(resolver.TryGetHostname(IPAddress.Parse("192.0.2.2"), 100, out string? mapped));
        Assert.Equal(("v4.test", "mapped.test"), (v4, mapped));
    }

    [Fact]
    public void Past_the_per_address_limit_the_oldest_answer_is_forgotten()
    {
        var resolver = new HostnameResolver(new ProcessTree(), maxAnswersPerAddress: 2);
        resolver.RecordAnswer(1, "oldest.test", [Shared], timestamp: 1);
        resolver.RecordAnswer(2, "middle.test", [Shared], timestamp: 2);
        resolver.RecordAnswer(3, "newest.test", [Shared], timestamp: 3);

        // Process 1's own answer would win if it were still there.
        Assert.Equal("newest.test", Lookup(resolver, 1));
        Assert.Equal("middle.test", Lookup(resolver, 2));
    }

    [Fact]
    public void A_parent_cycle_from_pid_reuse_does_not_hang_the_lookup()
    {
        ProcessTree tree = new ProcessTree().Add(5, 6).Add(6, 5).Add(7, 6);
        var resolver = new HostnameResolver(tree);
        resolver.RecordAnswer(5, "cycle.test", [Shared], timestamp: 1);

        Assert.Equal("cycle.test", Lookup(resolver, 7));
    }

    private static string? Lookup(HostnameResolver resolver, int pid) =>
        resolver.TryGetHostname(Shared, pid, out string? name) ? name : null;
}
