using Ashiato.Analysis.Processes;

namespace Ashiato.Analysis.Tests.Units;

[Trait("Category", "unit")]
public sealed class ProcessTreeTests
{
    private static ExecRecord Exec(long id, long pid, long? ppid, long us, string filename, params string[] args) =>
        new(id, pid, ppid, us, Path.GetFileName(filename), filename, args, $"t{us}");

    [Fact]
    public void The_chain_runs_through_a_process_that_forked_without_exec_and_through_successive_images()
    {
        // bash (10) forks a subshell (11, never execs) that runs env (12), which becomes node (12 again).
        var tree = new ProcessTree(
            [
                Exec(1, 10, 1, 100, "/usr/bin/bash", "bash", "-c", "(env node x.js)"),
                Exec(2, 12, 11, 200, "/usr/bin/env", "env", "node", "x.js"),
                Exec(3, 12, 11, 210, "/usr/bin/node", "node", "x.js"),
            ],
            [],
            new Dictionary<long, long> { [11] = 10 });

        Assert.Equal([1L, 2L, 3L], tree.Ancestry(3).Select(e => e.ExecId));
    }

    [Fact]
    public void A_reused_pid_is_not_taken_for_the_process_that_held_it_before()
    {
        var tree = new ProcessTree(
            [
                Exec(1, 100, 1, 100, "/runner/Runner.Worker", "Runner.Worker"),
                Exec(2, 200, 100, 150, "/usr/bin/node", "node", "a.js"),
                // pid 100 is reused by a process of another parent: not a later image of the worker.
                Exec(3, 100, 200, 300, "/usr/bin/sleep", "sleep", "1"),
            ],
            [],
            new Dictionary<long, long>());

        Assert.Equal([1L, 2L, 3L], tree.Ancestry(3).Select(e => e.ExecId));
        Assert.Equal(1, tree.ExecAt(100, 250, ppid: 1)!.ExecId);
        Assert.Equal(3, tree.ExecAt(100, 350, ppid: 200)!.ExecId);
        // An event of a forked child (no exec of its own, its pid once the worker's) belongs to its parent's image.
        Assert.Equal(2, tree.ExecAt(100, 250, ppid: 200)!.ExecId);
    }

    private static ForkRecord Fork(long pid, long ppid, long us, string comm) => new(pid, ppid, us, comm, $"t{us}");

    [Fact]
    public void Fork_records_put_a_subshell_between_a_script_and_what_it_ran_and_end_the_chain_when_it_acts()
    {
        // A snapshot worker (100), its step's shell (200), a subshell (201) that never execs, and curl (202) under it.
        var tree = new ProcessTree(
            [
                Exec(1, 100, 50, 0, "/runner/bin/Runner.Worker", "/runner/bin/Runner.Worker", "spawnclient"),
                Exec(2, 200, 100, 0, "/usr/bin/bash", "bash", "-e", "step.sh"),
                Exec(3, 202, 201, 300, "/usr/bin/curl", "curl", "-O", "https://example.org/x"),
            ],
            [Fork(201, 200, 250, "bash"), Fork(203, 201, 400, "bash")],
            new Dictionary<long, long>());

        Assert.Equal([1L, 2L, 3L], tree.Ancestry(3).Select(e => e.ExecId));
        var lineage = tree.Lineage(3);
        Assert.Equal([100L, 200L, 201L, 202L], lineage.Select(s => s.Pid));
        Assert.Equal([false, false, true, false], lineage.Select(s => s.Forked));
        // The subshell runs its parent's image: bash's program and argv under its own pid.
        Assert.Equal(("bash", "step.sh"), (lineage[2].Program, lineage[2].Args[^1]));
        // A subshell of the subshell (203) that acts itself: its events belong to bash's image, and it ends the chain.
        Assert.Equal(2, tree.ExecAt(203, 450, ppid: 201)!.ExecId);
        Assert.Equal([100L, 200L, 201L, 203L], tree.Lineage(2, actingPid: 203, actingTimestampUs: 450).Select(s => s.Pid));
    }

    [Fact]
    public void A_fork_record_after_a_pids_exec_is_a_new_process_with_its_parents_image()
    {
        var tree = new ProcessTree(
            [
                Exec(1, 10, 1, 100, "/usr/bin/bash", "bash", "ci.sh"),
                Exec(2, 11, 10, 150, "/usr/bin/make", "make"),
                Exec(3, 20, 1, 200, "/usr/bin/python3", "python3", "tool.py"),
                // make (11) exits; python forks a worker that gets pid 11 and never execs, then the worker starts gcc.
                Exec(4, 12, 11, 400, "/usr/bin/gcc", "gcc", "-c", "x.c"),
            ],
            [Fork(11, 20, 300, "python3")],
            new Dictionary<long, long>());

        Assert.Equal(2, tree.ExecAt(11, 160, ppid: null)!.ExecId);
        Assert.Equal(3, tree.ExecAt(11, 350, ppid: null)!.ExecId);
        Assert.Equal([3L, 4L], tree.Ancestry(4).Select(e => e.ExecId));
    }

    [Fact]
    public void A_process_reparented_to_an_ancestor_keeps_its_own_image()
    {
        var tree = new ProcessTree(
            [
                Exec(1, 1, 0, 0, "/sbin/init", "init"),
                Exec(2, 10, 1, 100, "/usr/bin/bash", "bash", "-c", "nohup curl https://example.org &"),
                Exec(3, 11, 10, 110, "/usr/bin/curl", "curl", "https://example.org"),
            ],
            [],
            new Dictionary<long, long>());

        // bash exited and init adopted curl: its later events say ppid 1.
        Assert.Equal(3, tree.ExecAt(11, 500, ppid: 1)!.ExecId);
    }
}
