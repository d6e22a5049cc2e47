using Ashiato.Analysis.Processes;

namespace Ashiato.Analysis.Tests.Units;

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
            new Dictionary<long, long>());

        Assert.Equal([1L, 2L, 3L], tree.Ancestry(3).Select(e => e.ExecId));
        Assert.Equal(1, tree.ExecAt(100, 250, ppid: 1)!.ExecId);
        Assert.Equal(3, tree.ExecAt(100, 350, ppid: 200)!.ExecId);
        // An event of a forked child (no exec of its own, its pid once the worker's) belongs to its parent's image.
        Assert.Equal(2, tree.ExecAt(100, 250, ppid: 200)!.ExecId);
    }
}
