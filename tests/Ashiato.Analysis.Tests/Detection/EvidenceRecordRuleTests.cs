using Ashiato.Analysis.Detection;
using Ashiato.Analysis.Rules;
using static Ashiato.Analysis.Tests.Detection.HandWrittenTrace;

namespace Ashiato.Analysis.Tests.Detection;

/// <summary>
/// The rules over the tracer's evidence records (process_access, file_rename, file_delete, file_chmod and
/// process_exec.env), each case next to a benign twin that must stay quiet. Hand-written: a real run of most of these
/// needs root-owned files (cron, the preload list) or would attach to the test runner itself.
/// </summary>
[Trait("Category", "unit")]
public sealed class EvidenceRecordRuleTests
{
    private const string Home = "/home/runner";

    /// <summary>A runner job: the worker (200), a step's shell (300) and the step's node (400).</summary>
    private static readonly string[] Job =
    [
        Exec(0, 200, 100, "/home/runner/actions-runner/bin/Runner.Worker", "/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", "1", "2"),
        Exec(1, 300, 200, "/usr/bin/bash", "bash", "-e", "/home/runner/work/_temp/step.sh"),
        Exec(2, 400, 300, "/usr/bin/node", "node", "/home/runner/work/_actions/x/dist/index.js"),
    ];

    private static async Task<List<(string Rule, Severity Severity, string Summary)>> FindingsAsync(params string[] lines)
    {
        using var trace = new HandWrittenTrace([.. Job, .. lines]);
        var report = await DetectionEngine.BuiltIn().RunAsync(trace.Path);
        return [.. report.Findings.Select(f => (f.RuleId, f.Severity, f.Summary)).OrderByDescending(f => f.Severity).ThenBy(f => f.Summary, StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Attaching_to_or_reading_the_worker_directly_is_high()
    {
        var findings = await FindingsAsync(
            Access(3, 400, 300, "node", 200, "Runner.Worker", 100, "ptrace_attach", "other"),
            Access(4, 400, 300, "node", 200, "Runner.Worker", 100, "process_vm_readv", "other"),
            Access(5, 400, 300, "node", 200, "Runner.Worker", 100, "pidfd_getfd", "other"));

        Assert.Equal(
            [
                ("runner-memory-read", Severity.High, "pidfd_getfd of pid 200 (Runner.Worker)"),
                ("runner-memory-read", Severity.High, "process_vm_readv of pid 200 (Runner.Worker)"),
                ("runner-memory-read", Severity.High, "ptrace_attach of pid 200 (Runner.Worker)"),
            ],
            findings);
    }

    [Fact]
    public async Task A_debugger_on_its_own_child_and_a_process_reading_itself_are_not_findings()
    {
        var findings = await FindingsAsync(
            Exec(3, 500, 400, "/usr/bin/gdb", "gdb", "--args", "./test"),
            Exec(4, 501, 500, "/home/runner/work/app/app/test", "./test"),
            Access(5, 500, 400, "gdb", 501, "test", 500, "ptrace_seize", "child"),
            Access(5, 400, 300, "node", 501, "test", 500, "process_vm_readv", "descendant"),
            Access(6, 501, 500, "test", 501, "test", 500, "process_vm_readv", "self"));

        Assert.Empty(findings);
    }

    [Fact]
    public async Task Attaching_to_an_unrelated_process_is_medium_and_the_worker_is_known_by_its_comm_when_it_did_not_exec_in_the_trace()
    {
        var findings = await FindingsAsync(
            Access(3, 400, 300, "node", 777, "sshd", 1, "ptrace_attach", "other"),
            // Another job's worker, not in this trace: the tracer still names it.
            Access(4, 400, 300, "node", 900, "Runner.Worker", 100, "process_vm_readv", "other"));

        Assert.Equal(
            [
                ("runner-memory-read", Severity.High, "process_vm_readv of pid 900 (Runner.Worker)"),
                ("runner-memory-read", Severity.Medium, "ptrace_attach of pid 777 (sshd)"),
            ],
            findings);
    }

    [Fact]
    public async Task A_process_the_worker_forked_without_exec_holds_its_memory()
    {
        var findings = await FindingsAsync(Fork(3, 201, 200, "Runner.Worker"), Open(4, 400, 300, "/proc/201/mem"));

        Assert.Equal([("runner-memory-read", Severity.High, "read /proc/201/mem of Runner.Worker")], findings);
    }

    [Fact]
    public async Task Renaming_a_file_into_a_persistence_point_counts_as_writing_it()
    {
        var findings = await FindingsAsync(
            Rename(3, 400, 300, "/tmp/x/job", "/etc/cron.d/job"),
            Rename(4, 400, 300, "/tmp/x/lib", "/etc/ld.so.preload"),
            Rename(5, 400, 300, "/tmp/x/keys", $"{Home}/.ssh/authorized_keys"),
            Rename(6, 400, 300, "/tmp/x/unit", "/etc/systemd/system/updater.service"),
            Rename(7, 400, 300, "/tmp/x/tab", "/var/spool/cron/crontabs/runner"));

        Assert.Equal(
            [
                ("tampering", Severity.High, "renamed /tmp/x/lib into the dynamic linker preload list (/etc/ld.so.preload)"),
                // One process, two cron schedules: one finding with a count.
                ("tampering", Severity.Medium, "renamed /tmp/x/job into a cron schedule (/etc/cron.d/job) (and 1 more like it)"),
                ("tampering", Severity.Medium, $"renamed /tmp/x/keys into SSH authorized keys ({Home}/.ssh/authorized_keys)"),
                ("tampering", Severity.Medium, "renamed /tmp/x/unit into a systemd unit (/etc/systemd/system/updater.service)"),
            ],
            findings);
    }

    [Fact]
    public async Task Renames_inside_the_workspace_and_a_package_installing_its_cron_file_are_not_tampering()
    {
        var findings = await FindingsAsync(
            Rename(3, 400, 300, "/home/runner/work/app/app/dist/.index.js.tmp", "/home/runner/work/app/app/dist/index.js"),
            Exec(4, 600, 300, "/usr/bin/dpkg", "dpkg", "--unpack", "sysstat.deb"),
            Rename(5, 600, 300, "/etc/cron.d/sysstat.dpkg-new", "/etc/cron.d/sysstat"));

        Assert.Empty(findings);
    }

    [Fact]
    public async Task Deleting_moving_or_emptying_shell_history_is_tampering_and_other_deletes_are_not()
    {
        var findings = await FindingsAsync(
            Delete(3, 400, 300, $"{Home}/.bash_history"),
            Rename(4, 400, 300, $"{Home}/.zsh_history", "/tmp/h"),
            $$"""{"type":"file_open","timestamp":"2026-11-27T10:00:05.000000Z","pid":300,"ppid":200,"comm":"bash","path":"{{Home}}/.python_history","flags":"O_WRONLY|O_CREAT|O_TRUNC"}""",
            Delete(6, 400, 300, $"{Home}/.cache/node/history.json"),
            Delete(6, 400, 300, "/home/runner/work/app/app/.bash_history.txt"));

        Assert.Equal(
            [
                ("tampering", Severity.Medium, $"deleted shell history ({Home}/.bash_history) (and 1 more like it)"),
                ("tampering", Severity.Medium, $"emptied shell history ({Home}/.python_history)"),
            ],
            findings);
    }

    [Fact]
    public async Task Setting_setuid_is_reported_high_in_a_temporary_folder_and_plain_modes_are_not()
    {
        var findings = await FindingsAsync(
            Chmod(3, 400, 300, "/tmp/x/sh", "4755"),
            Chmod(4, 400, 300, "/usr/local/bin/helper", "04711"),
            Chmod(5, 400, 300, "/srv/shared", "2775"),
            Chmod(6, 400, 300, "/home/runner/work/app/app/gradlew", "755"),
            Chmod(6, 400, 300, "/tmp/build", "1777"));

        Assert.Equal(
            [
                ("tampering", Severity.High, "made /tmp/x/sh setuid (chmod 4755)"),
                ("tampering", Severity.Medium, "made /usr/local/bin/helper setuid (chmod 04711)"),
                ("tampering", Severity.Low, "made /srv/shared setgid (chmod 2775)"),
            ],
            findings);
    }

    [Fact]
    public async Task A_preload_from_a_temporary_folder_is_reported_once_where_it_was_set()
    {
        var findings = await FindingsAsync(
            ExecWithEnv(3, 500, 400, ["LD_PRELOAD=/tmp/x/hook.so"], "/usr/bin/bash", "bash", "-c", "make"),
            // make inherits the variable unchanged: the same injection, not a new one.
            ExecWithEnv(4, 501, 500, ["LD_PRELOAD=/tmp/x/hook.so"], "/usr/bin/make", "make"),
            ExecWithEnv(5, 502, 400, ["LD_AUDIT=./audit.so"], "/usr/bin/git", "git", "status"));

        Assert.Equal(
            [
                ("env-injection", Severity.High, "started with LD_AUDIT=./audit.so"),
                ("env-injection", Severity.High, "started with LD_PRELOAD=/tmp/x/hook.so"),
            ],
            findings);
    }

    [Fact]
    public async Task A_system_allocator_preload_and_plain_node_options_are_not_injection()
    {
        var findings = await FindingsAsync(
            ExecWithEnv(3, 500, 400, ["LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "NODE_OPTIONS=--max-old-space-size=4096"], "/usr/bin/node", "node", "build.js"),
            ExecWithEnv(4, 501, 400, ["NODE_OPTIONS=--require /home/runner/work/app/app/.pnp.cjs"], "/usr/bin/node", "node", "test.js"));

        Assert.Empty(findings);
    }

    [Fact]
    public async Task Node_preloads_and_bash_env_are_reported()
    {
        var findings = await FindingsAsync(
            ExecWithEnv(3, 500, 400, ["NODE_OPTIONS=--require /dev/shm/x.js"], "/usr/bin/node", "node", "build.js"),
            ExecWithEnv(4, 501, 400, ["NODE_OPTIONS=--import=./loader.mjs --max-old-space-size=4096"], "/usr/bin/node", "node", "test.js"),
            ExecWithEnv(5, 502, 200, ["BASH_ENV=/home/runner/work/_temp/env.sh"], "/usr/bin/bash", "bash", "-e", "/home/runner/work/_temp/step2.sh"));

        Assert.Equal(
            [
                ("env-injection", Severity.High, "started with NODE_OPTIONS=--require /dev/shm/x.js"),
                ("env-injection", Severity.Medium, "started with BASH_ENV=/home/runner/work/_temp/env.sh"),
                ("env-injection", Severity.Medium, "started with NODE_OPTIONS=--import=./loader.mjs --max-old-space-size=4096"),
            ],
            findings);
    }

    [Fact]
    public async Task A_file_renamed_into_place_and_then_run_was_written_then_executed()
    {
        var findings = await FindingsAsync(
            Exec(3, 500, 300, "/usr/bin/curl", "curl", "-o", "/tmp/tool.part", "https://example.org/tool"),
            Write(4, 500, 300, "curl", "/tmp/tool.part", 4096),
            Rename(5, 300, 200, "/tmp/tool.part", "/home/runner/work/app/app/bin/tool"),
            Exec(6, 501, 300, "/home/runner/work/app/app/bin/tool", "bin/tool"),
            // Renamed into place and never run: nothing to report.
            Rename(7, 300, 200, "/tmp/notes.part", "/home/runner/work/app/app/notes.txt"));

        Assert.Equal(
            [
                ("download-and-execute", Severity.Low, "downloader: curl -o /tmp/tool.part https://example.org/tool"),
                ("written-then-executed", Severity.Low, "ran /home/runner/work/app/app/bin/tool, written earlier in the job"),
            ],
            findings);
    }

    [Fact]
    public async Task A_write_whose_totals_come_out_at_the_next_exec_belongs_to_the_program_that_wrote()
    {
        using var trace = new HandWrittenTrace(
        [
            .. Job,
            Exec(3, 500, 400, "/usr/bin/python3", "python3", "inject.py"),
            // python3 execs true in the same microsecond its .bashrc totals are emitted, which come first.
            Write(4, 500, 400, "python3", $"{Home}/.bashrc", 64),
            Exec(4, 500, 400, "/usr/bin/true", "true"),
        ]);

        var report = await DetectionEngine.BuiltIn().RunAsync(trace.Path);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("tampering", $"wrote a shell startup file ({Home}/.bashrc)"), (finding.RuleId, finding.Summary));
        Assert.Equal("inject", finding.Ancestry[^1].Program);
    }
}
