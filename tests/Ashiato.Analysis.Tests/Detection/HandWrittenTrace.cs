namespace Ashiato.Analysis.Tests.Detection;

/// <summary>
/// A small trace written by the test, for what a real run cannot stage on demand (pid reuse, a second runner job).
/// Every rule is also tested on traces recorded by the real tracer.
/// </summary>
public sealed class HandWrittenTrace : IDisposable
{
    public HandWrittenTrace(IEnumerable<string> lines)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ashiato-analysis-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(Path, string.Concat(lines.Select(l => l + "\n")));
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);

    public static string Exec(int second, long pid, long ppid, string filename, params string[] args) =>
        $$"""{"type":"process_exec","timestamp":"2026-11-27T10:00:{{second:00}}.000000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"{{System.IO.Path.GetFileName(filename)}}","filename":"{{filename}}","args":[{{string.Join(",", args.Select(a => $"\"{a}\""))}}]}""";

    public static string Open(int second, long pid, long ppid, string path, string? resolved = null) =>
        $$"""{"type":"file_open","timestamp":"2026-11-27T10:00:{{second:00}}.500000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"node","path":"{{path}}","flags":"O_RDONLY"{{(resolved is null ? "" : $",\"resolved_path\":\"{resolved}\"")}}}""";

    /// <summary>A process already running when tracing started (<c>--pid</c>, <c>--all</c>), as the tracer reports it.</summary>
    public static string Snapshot(int second, long pid, long ppid, string filename, params string[] args) =>
        Exec(second, pid, ppid, filename, args).Replace("\"args\":", $"\"exe\":\"{filename}\",\"snapshot\":true,\"args\":", StringComparison.Ordinal);

    /// <summary>An exec with allow-listed environment variables, given as <c>NAME=value</c>.</summary>
    public static string ExecWithEnv(int second, long pid, long ppid, string[] env, string filename, params string[] args) =>
        Exec(second, pid, ppid, filename, args)[..^1]
        + $",\"cwd\":\"/home/runner/work/app/app\",\"env\":{{{string.Join(",", env.Select(v => v.Split('=', 2)).Select(v => $"\"{v[0]}\":\"{v[1]}\""))}}}}}";

    /// <summary>A record of a process inside a GitHub Actions job, as the tracer tags it.</summary>
    public static string InStep(string line, string jobId, int step) => line[..^1] + $$""","job_id":"{{jobId}}","step":{{step}}}""";

    /// <summary>A <c>step</c> record; <paramref name="fields"/> are its other fields as JSON (<c>"action":"o/r@v1"</c>).</summary>
    public static string StepRecord(int second, string jobId, int step, string kind, long pid, string fields = "") =>
        $$"""{"type":"step","timestamp":"2026-11-27T10:00:{{second:00}}.000000Z","job_id":"{{jobId}}","step":{{step}},"kind":"{{kind}}","pid":{{pid}}{{(fields.Length == 0 ? "" : "," + fields)}}}""";

    public static string RunnerJob(int second, string jobId, long workerPid) =>
        $$"""{"type":"runner_job","timestamp":"2026-11-27T10:00:{{second:00}}.000000Z","job_id":"{{jobId}}","worker_pid":{{workerPid}},"runner_name":"runner-1","repository":"octo-org/octo-repo","job":"build"}""";

    public static string Connect(int second, long pid, long ppid, string comm, string address, int port, string? hostname = null) =>
        $$"""{"type":"net_connect","timestamp":"2026-11-27T10:00:{{second:00}}.300000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"{{comm}}","dst_addr":"{{address}}","dst_port":{{port}},"protocol":"tcp"{{(hostname is null ? "" : $",\"hostname\":\"{hostname}\"")}}}""";

    public static string Fork(int second, long pid, long ppid, string comm) =>
        $$"""{"type":"process_fork","timestamp":"2026-11-27T10:00:{{second:00}}.000000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"{{comm}}"}""";

    public static string Write(int second, long pid, long ppid, string comm, string path, long bytes) =>
        $$"""{"type":"file_write","timestamp":"2026-11-27T10:00:{{second:00}}.000000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"{{comm}}","path":"{{path}}","bytes":{{bytes}}}""";

    public static string Rename(int second, long pid, long ppid, string from, string to) =>
        $$"""{"type":"file_rename","timestamp":"2026-11-27T10:00:{{second:00}}.700000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"mv","path":"{{from}}","new_path":"{{to}}"}""";

    public static string Delete(int second, long pid, long ppid, string path) =>
        $$"""{"type":"file_delete","timestamp":"2026-11-27T10:00:{{second:00}}.700000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"rm","path":"{{path}}"}""";

    public static string Chmod(int second, long pid, long ppid, string path, string mode) =>
        $$"""{"type":"file_chmod","timestamp":"2026-11-27T10:00:{{second:00}}.700000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"chmod","path":"{{path}}","mode":"{{mode}}"}""";

    /// <summary><paramref name="pid"/> attaching to or reading <paramref name="target"/>; the tracer says how they are related.</summary>
    public static string Access(int second, long pid, long ppid, string comm, long target, string targetComm, long targetPpid, string method, string relation) =>
        $$"""{"type":"process_access","timestamp":"2026-11-27T10:00:{{second:00}}.800000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"{{comm}}","target_pid":{{target}},"target_comm":"{{targetComm}}","target_ppid":{{targetPpid}},"method":"{{method}}","target_relation":"{{relation}}"}""";
}
