using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ashiato.Events.Jsonl;

/// <summary>
/// Serializes records as the contract's JSON objects. This is the one place where typed events become strings.
/// Field order follows the product documentation: type, timestamp, pid, comm, then the type's own fields.
/// </summary>
public static class TraceJsonWriter
{
    /// <summary>Paths and argv are shown as written: only what JSON itself requires is escaped.</summary>
    public static JsonWriterOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    public static void Write(Utf8JsonWriter json, TraceRecord record)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, record.Kind.ToWire());
        Span<byte> timestamp = stackalloc byte[TraceTimestamp.Length];
        TraceTimestamp.FormatUtf8(record.Timestamp, timestamp);
        json.WriteString("timestamp"u8, timestamp);
        if (record is ProcessEvent process)
        {
            json.WriteNumber("pid"u8, process.Pid);
            json.WriteString("comm"u8, process.Comm);
            if (process.Ppid is { } ppid)
            {
                json.WriteNumber("ppid"u8, ppid);
            }
            if (process.Job is { } job)
            {
                json.WriteString("job_id"u8, job.JobId);
                json.WriteNumber("step"u8, job.Step);
            }
        }
        else if (record is JobRecord jobRecord)
        {
            json.WriteString("job_id"u8, jobRecord.JobId);
        }
        switch (record)
        {
            case ProcessExec exec:
                WriteExec(json, exec);
                break;
            case NetConnect connect:
                WriteConnect(json, connect);
                break;
            case DnsQuery query:
                WriteDns(json, query);
                break;
            case FileOpen open:
                json.WriteString("path"u8, open.Path);
                Span<char> flags = stackalloc char[OpenFlags.MaxFormattedLength];
                json.WriteString("flags"u8, flags[..open.Flags.Format(flags)]);
                WriteOptional(json, "resolved_path", open.ResolvedPath);
                break;
            case FileWrite write:
                json.WriteString("path"u8, write.Path);
                json.WriteNumber("bytes"u8, write.Bytes);
                break;
            case FileRename rename:
                json.WriteString("path"u8, rename.Path);
                json.WriteString("new_path"u8, rename.NewPath);
                break;
            case FileDelete delete:
                json.WriteString("path"u8, delete.Path);
                if (delete.Directory)
                {
                    json.WriteBoolean("directory"u8, true);
                }
                break;
            case FileChmod chmod:
                json.WriteString("path"u8, chmod.Path);
                json.WriteString("mode"u8, OctalMode(chmod.Mode));
                break;
            case ProcessAccess access:
                json.WriteNumber("target_pid"u8, access.TargetPid);
                json.WriteString("target_comm"u8, access.TargetComm);
                json.WriteString("method"u8, access.Method.ToWire());
                json.WriteString("target_relation"u8, access.TargetRelation.ToWire());
                json.WriteNumber("target_ppid"u8, access.TargetPpid);
                break;
            case SignalSent signal:
                json.WriteNumber("target_pid"u8, signal.TargetPid);
                json.WriteString("signal"u8, SignalNames.Of(signal.Signal));
                json.WriteNumber("signal_number"u8, signal.Signal);
                json.WriteBoolean("delivered"u8, signal.Delivered);
                break;
            case BpfCall call:
                json.WriteString("command"u8, call.Command.ToWire());
                break;
            case TraceMeta meta:
                WriteMeta(json, meta);
                break;
            case TracerStats stats:
                WriteStats(json, stats);
                break;
            case RunnerJob job:
                WriteRunnerJob(json, job);
                break;
            case RunnerJobEnd end:
                json.WriteNumber("exit_code"u8, end.ExitCode);
                break;
            case StepStarted step:
                WriteStep(json, step);
                break;
            case StepEnded end:
                json.WriteNumber("step"u8, end.Step);
                json.WriteNumber("exit_code"u8, end.ExitCode);
                break;
            case TraceEnd end:
                json.WriteString("reason"u8, end.Reason.ToWire());
                break;
            case AgentLoss loss:
                WriteLoss(json, loss);
                break;
        }
        json.WriteEndObject();
    }

    /// <summary>Octal, at least three digits, as chmod(1) takes it: <c>644</c>, <c>4755</c>, <c>000</c>.</summary>
    public static string OctalMode(int mode) => Convert.ToString(mode, 8).PadLeft(3, '0');

    private static void WriteExec(Utf8JsonWriter json, ProcessExec exec)
    {
        json.WriteString("filename", exec.Filename);
        WriteStrings(json, "args", exec.Args);
        if (exec.ArgsTruncated)
        {
            json.WriteBoolean("args_truncated", true);
        }
        WriteOptional(json, "exe", exec.Exe);
        WriteOptional(json, "cwd", exec.Cwd);
        if (exec.Uid is { } uid)
        {
            json.WriteNumber("uid", uid);
        }
        if (exec.Snapshot)
        {
            json.WriteBoolean("snapshot", true);
        }
        if (exec.Env is { Count: > 0 } env)
        {
            json.WriteStartObject("env");
            foreach (var (name, value) in env)
            {
                json.WriteString(name, value);
            }
            json.WriteEndObject();
        }
        if (exec.EnvTruncated)
        {
            json.WriteBoolean("env_truncated", true);
        }
    }

    private static void WriteConnect(Utf8JsonWriter json, NetConnect connect)
    {
        json.WriteString("dst_addr", connect.DstAddr.ToString());
        json.WriteNumber("dst_port", connect.DstPort);
        json.WriteString("protocol", connect.Protocol == NetProtocol.Tcp ? "tcp" : "udp");
        WriteOptional(json, "hostname", connect.Hostname);
    }

    private static void WriteDns(Utf8JsonWriter json, DnsQuery query)
    {
        json.WriteString("hostname", query.Hostname);
        WriteOptional(json, "qtype", query.Qtype);
        WriteOptional(json, "dns_server", query.DnsServer?.ToString());
        if (query.Answers is { } answers)
        {
            WriteStrings(json, "answers", answers.Select(a => a.ToString()));
        }
        WriteOptional(json, "rcode", query.Rcode);
    }

    private static void WriteMeta(Utf8JsonWriter json, TraceMeta meta)
    {
        json.WriteString("tracer_version", meta.TracerVersion);
        json.WriteString("kernel", meta.Kernel);
        json.WriteString("hostname", meta.Hostname);
        json.WriteString("scope", meta.Scope.ToString().ToLowerInvariant());
        if (meta.Command is { } command)
        {
            WriteStrings(json, "command", command);
        }
        if (meta.RootPid is { } rootPid)
        {
            json.WriteNumber("root_pid", rootPid);
        }
        json.WriteString("start_time", TraceTimestamp.ToWire(meta.Timestamp));
        json.WriteStartObject("mechanisms");
        foreach (var (kind, mechanism) in meta.Mechanisms)
        {
            json.WriteString(kind.ToWire(), mechanism);
        }
        json.WriteEndObject();
        WriteOptional(json, "job_id", meta.JobId);
        if (meta.Labels is { Count: > 0 } labels)
        {
            json.WriteStartObject("labels");
            foreach (var (name, value) in labels)
            {
                json.WriteString(name, value);
            }
            json.WriteEndObject();
        }
    }

    private static void WriteLoss(Utf8JsonWriter json, AgentLoss loss)
    {
        json.WriteString("reason"u8, loss.Reason.ToWire());
        json.WriteNumber("lost_chunks"u8, loss.LostChunks);
        json.WriteNumber("lost_bytes"u8, loss.LostBytes);
        json.WriteString("from"u8, TraceTimestamp.ToWire(loss.From));
        json.WriteString("to"u8, TraceTimestamp.ToWire(loss.To));
    }

    private static void WriteRunnerJob(Utf8JsonWriter json, RunnerJob job)
    {
        json.WriteNumber("worker_pid"u8, job.WorkerPid);
        WriteOptional(json, "runner_name", job.RunnerName);
        WriteOptional(json, "repository", job.Repository);
        WriteOptional(json, "workflow_ref", job.WorkflowRef);
        WriteOptional(json, "run_id", job.RunId);
        WriteOptional(json, "run_attempt", job.RunAttempt);
        WriteOptional(json, "job", job.Job);
        if (!job.RunnerLayout)
        {
            json.WriteBoolean("runner_layout"u8, false);
        }
    }

    private static void WriteStep(Utf8JsonWriter json, StepStarted step)
    {
        json.WriteNumber("step"u8, step.Step);
        json.WriteString("kind"u8, step.StepKind.ToWire());
        WriteOptional(json, "name", step.Name);
        WriteOptional(json, "action", step.Action);
        json.WriteNumber("pid"u8, step.Pid);
        WriteOptional(json, "script", step.Script);
        WriteOptional(json, "script_sha256", step.ScriptSha256);
    }

    private static void WriteStats(Utf8JsonWriter json, TracerStats stats)
    {
        WriteCounts(json, "events", stats.Events);
        WriteCounts(json, "dropped", stats.Dropped);
        json.WriteNumber("dropped_total", stats.TotalDropped);
        json.WriteStartObject("truncated");
        json.WriteNumber("args", stats.Truncated.Args);
        json.WriteNumber("paths", stats.Truncated.Paths);
        json.WriteNumber("env", stats.Truncated.Env);
        json.WriteEndObject();
        json.WriteNumber("malformed_dns", stats.MalformedDns);
        json.WriteBoolean("final", stats.Final);
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<EventKind, long> counts)
    {
        json.WriteStartObject(name);
        foreach (var kind in EventKindNames.Captured)
        {
            json.WriteNumber(kind.ToWire(), counts.GetValueOrDefault(kind));
        }
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
