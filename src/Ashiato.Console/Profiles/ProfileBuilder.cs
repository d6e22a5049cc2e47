using System.Text.Json;
using System.Text.Json.Nodes;
using Ashiato.Web.Ingest;

namespace Ashiato.Web.Profiles;

/// <summary>Builds a <see cref="JobProfile"/> from trace lines. Pure: no I/O, fed one line at a time.</summary>
public sealed class ProfileBuilder(ProfileBudget budget)
{
    /// <summary>Keys listed per record type in the schema panel; a trace inventing a key per line gets no more.</summary>
    public const int MaxKeysPerType = 256;

    public ProfileBuilder()
        : this(ProfileBudget.Unlimited)
    {
    }

    // Rough heap costs of what the profile keeps, for the budget.
    private const int ProcessCost = 320, ExecCost = 160, AccessCost = 96, NameCost = 256, FileCost = 400, StepCost = 320, EntryCost = 48;

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, ProcessInfo> _processes = [];
    private readonly Dictionary<string, DnsName> _dns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nameOfAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostConnections> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileActivity> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _times = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunnerJobInfo> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<StepKey, StepActivity> _steps = [];
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;
    private JsonObject? _meta;
    private JsonObject? _stats;

    public void Add(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        using var document = JsonDocument.ParseValue(ref reader);
        var e = document.RootElement;
        var type = Text(e, "type") ?? "unknown";
        var timestamp = TraceSummaryBuilder.ParseTimestamp(Text(e, "timestamp"));
        _counts[type] = _counts.GetValueOrDefault(type) + 1;
        AddKeys(type, e);
        if (timestamp is { } t)
        {
            _first = _first is { } f && f <= t ? f : t;
            _last = _last is { } l && l >= t ? l : t;
            if (budget.TryCharge(sizeof(long)))
            {
                Times(type).Add((t - DateTimeOffset.UnixEpoch).Ticks / 10);
            }
        }
        // A job's records name no process of their own (a step record's pid is its root's, which has its own exec).
        var process = JobRecordTypes.Contains(type) ? null : ProcessOf(e, type, timestamp);
        var step = process is null ? null : StepOf(e, process, type);
        switch (type)
        {
            case "trace_meta":
                _meta = JsonNode.Parse(e.GetRawText())?.AsObject();
                break;
            case "tracer_stats":
                _stats = JsonNode.Parse(e.GetRawText())?.AsObject();
                break;
            case "process_exec" when process is not null:
                var exec = new ExecInfo(timestamp, Text(e, "filename") ?? "", Strings(e, "args"), IsTrue(e, "args_truncated"),
                    Text(e, "exe"), Text(e, "cwd"), IsTrue(e, "snapshot"), Env(e));
                if (budget.TryCharge(CostOf(exec)))
                {
                    process.Execs.Add(exec);
                }
                break;
            case "process_fork" when process is not null:
                process.Forked = true;
                break;
            case "process_access" when process is not null && budget.TryCharge(AccessCost):
                process.Accesses.Add(new AccessInfo(timestamp, Text(e, "method") ?? "?", Int(e, "target_pid"), Text(e, "target_comm"),
                    Text(e, "target_relation")));
                break;
            case "dns_query":
                AddDns(e, process, step);
                break;
            case "net_connect":
                AddConnect(e, process, step);
                break;
            case "file_open":
                AddOpen(e, process, step);
                break;
            case "file_write":
                AddWrite(e, process, step);
                break;
            case "file_rename":
                AddRename(e, process, step);
                break;
            case "file_delete":
                AddChange(e, process, step, file => file.Deletes++);
                break;
            case "file_chmod" when Text(e, "mode") is { } mode:
                AddChange(e, process, step, file => AddIfPresent(file.Modes, mode));
                break;
            case "runner_job" when Text(e, "job_id") is { } jobId && JobAt(jobId) is { } job:
                AddRunnerJob(e, job);
                break;
            case "runner_job_end" when Text(e, "job_id") is { } jobId && JobAt(jobId) is { } ended:
                ended.Ended = timestamp;
                ended.ExitCode = Int(e, "exit_code");
                break;
            case "step" when StepKeyOf(e) is { } key && StepAt(key) is { } started:
                AddStepStart(e, started, timestamp);
                break;
            case "step_end" when StepKeyOf(e) is { } key && StepAt(key) is { } stepEnded:
                AddStepEnd(e, stepEnded, timestamp);
                break;
        }
    }

    private static readonly HashSet<string> JobRecordTypes = new(StringComparer.Ordinal) { "runner_job", "runner_job_end", "step", "step_end" };

    public JobProfile Build() => new()
    {
        Counts = _counts,
        First = _first,
        Last = _last,
        Meta = _meta,
        Stats = _stats,
        Processes = _processes,
        Dns = [.. _dns.Values.OrderByDescending(d => d.Queries).ThenBy(d => d.Hostname, StringComparer.Ordinal)],
        Hosts = [.. _hosts.Values.OrderByDescending(h => h.Connections).ThenBy(h => h.Host, StringComparer.Ordinal)],
        Files = [.. _files.Values.OrderBy(f => f.Sensitive is null).ThenBy(f => f.Path, StringComparer.Ordinal)],
        FilesByPath = _files,
        Times = _times.ToDictionary(p => p.Key, p => p.Value.Order().ToArray()),
        Keys = _keys.ToDictionary(p => p.Key, p => (IReadOnlyCollection<string>)p.Value),
        Jobs = _jobs,
        Steps = OrderedSteps(),
        StepsByKey = _steps,
        Partial = budget.Exhausted,
        RetainedBytes = budget.Used,
    };

    private static long CostOf(ExecInfo exec) =>
        ExecCost + ProfileBudget.Text(exec.Filename) + ProfileBudget.Text(exec.Exe) + ProfileBudget.Text(exec.Cwd)
        + exec.Args.Sum(a => EntryCost + ProfileBudget.Text(a))
        + (exec.Env?.Sum(v => EntryCost + ProfileBudget.Text(v.Key) + ProfileBudget.Text(v.Value)) ?? 0);

    /// <summary>Jobs in the order they started (their first step), each job's steps by number.</summary>
    private List<StepActivity> OrderedSteps()
    {
        var jobStart = _steps.Values.GroupBy(s => s.Key.JobId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(s => s.Started ?? DateTimeOffset.MaxValue), StringComparer.Ordinal);
        return [.. _steps.Values.OrderBy(s => jobStart[s.Key.JobId]).ThenBy(s => s.Key.JobId, StringComparer.Ordinal).ThenBy(s => s.Key.Step)];
    }

    /// <summary>
    /// The step a process record belongs to: the record's own <c>job_id</c> and <c>step</c>. An exec or fork record
    /// says which step the process is in; another record only fills it in when unknown (a reused pid keeps the first).
    /// </summary>
    private StepActivity? StepOf(JsonElement e, ProcessInfo process, string type)
    {
        if (StepKeyOf(e) is not { } key)
        {
            return null;
        }
        if (process.Step is null || type is "process_exec" or "process_fork")
        {
            process.Step = key;
        }
        if (StepAt(key) is not { } step)
        {
            return null;
        }
        Track(step.Processes, process.Pid);
        step.Events++;
        return step;
    }

    private static StepKey? StepKeyOf(JsonElement e) =>
        Text(e, "job_id") is { } jobId && Int(e, "step") is { } step ? new StepKey(jobId, step) : null;

    private StepActivity? StepAt(StepKey key)
    {
        if (!_steps.TryGetValue(key, out var step))
        {
            if (!budget.TryCharge(StepCost + ProfileBudget.Text(key.JobId)))
            {
                return null;
            }
            step = new StepActivity(key);
            _steps.Add(key, step);
        }
        return step;
    }

    private RunnerJobInfo? JobAt(string jobId)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            if (!budget.TryCharge(StepCost + ProfileBudget.Text(jobId)))
            {
                return null;
            }
            job = new RunnerJobInfo(jobId);
            _jobs.Add(jobId, job);
        }
        return job;
    }

    private static void AddRunnerJob(JsonElement e, RunnerJobInfo job)
    {
        job.WorkerPid = Int(e, "worker_pid");
        job.RunnerName = Text(e, "runner_name");
        job.Repository = Text(e, "repository");
        job.WorkflowRef = Text(e, "workflow_ref");
        job.RunId = Text(e, "run_id");
        job.RunAttempt = Text(e, "run_attempt");
        job.WorkflowJob = Text(e, "job");
        job.RunnerLayout = !(e.TryGetProperty("runner_layout", out var layout) && layout.ValueKind == JsonValueKind.False);
    }

    /// <summary>A step's start; the several starts of step 0 make one step from the first on, with a pid only when alone.</summary>
    private static void AddStepStart(JsonElement e, StepActivity step, DateTimeOffset? timestamp)
    {
        step.Starts++;
        if (step.Starts == 1 || (timestamp is { } t && t < step.Started))
        {
            step.Kind = Text(e, "kind");
            step.Name = Text(e, "name");
            step.Action = Text(e, "action");
            step.Started = timestamp;
        }
        step.Pid = step.Starts == 1 ? Int(e, "pid") : null;
        step.Script = step.Starts == 1 ? Text(e, "script") : null;
        step.ScriptSha256 = step.Starts == 1 ? Text(e, "script_sha256") : null;
    }

    private static void AddStepEnd(JsonElement e, StepActivity step, DateTimeOffset? timestamp)
    {
        if (timestamp is { } t && (step.Ended is not { } ended || t > ended))
        {
            step.Ended = t;
        }
        if (Int(e, "exit_code") is { } code && (step.ExitCode is not { } worst || code > worst))
        {
            step.ExitCode = code;
        }
    }

    private void AddKeys(string type, JsonElement e)
    {
        if (!_keys.TryGetValue(type, out var keys))
        {
            keys = new SortedSet<string>(StringComparer.Ordinal);
            _keys.Add(type, keys);
        }
        foreach (var property in e.EnumerateObject())
        {
            if (keys.Count >= MaxKeysPerType)
            {
                break;
            }
            if (!keys.Contains(property.Name) && budget.TryCharge(EntryCost + ProfileBudget.Text(property.Name)))
            {
                keys.Add(property.Name);
            }
        }
    }

    private ProcessInfo? ProcessOf(JsonElement e, string type, DateTimeOffset? timestamp)
    {
        if (Int(e, "pid") is not { } pid)
        {
            return null;
        }
        if (!_processes.TryGetValue(pid, out var process))
        {
            if (!budget.TryCharge(ProcessCost))
            {
                return null;
            }
            process = new ProcessInfo(pid) { FirstSeen = timestamp };
            _processes.Add(pid, process);
        }
        // Exec and fork records say who started the process. Other records only fill in a parent not known yet: a
        // process whose parent exited is adopted by init or a subreaper, and its later records say so, but it still
        // belongs under the one that started it.
        if (Int(e, "ppid") is { } parent && (process.Ppid is null || type is "process_exec" or "process_fork"))
        {
            process.Ppid = parent;
        }
        if (e.TryGetProperty("comm", out var comm) && comm.ValueKind == JsonValueKind.String && !comm.ValueEquals(process.Comm))
        {
            process.Comm = comm.GetString();
        }
        process.Counts[type] = process.Counts.GetValueOrDefault(type) + 1;
        return process;
    }

    private void AddDns(JsonElement e, ProcessInfo? process, StepActivity? step)
    {
        var hostname = Text(e, "hostname");
        if (hostname is null)
        {
            return;
        }
        if (!_dns.TryGetValue(hostname, out var name))
        {
            if (!budget.TryCharge(NameCost + ProfileBudget.Text(hostname)))
            {
                return;
            }
            name = new DnsName(hostname);
            _dns.Add(hostname, name);
        }
        name.Queries++;
        foreach (var answer in Strings(e, "answers"))
        {
            if (!name.Answers.Contains(answer) && !budget.TryCharge(2 * (EntryCost + ProfileBudget.Text(answer))))
            {
                break;
            }
            name.Answers.Add(answer);
            _nameOfAddress[answer] = hostname;
        }
        AddIfPresent(name.Qtypes, Text(e, "qtype"));
        AddIfPresent(name.Rcodes, Text(e, "rcode"));
        AddIfPresent(name.Processes, Describe(process));
        if (step is not null)
        {
            Track(name.Steps, step.Key);
            Track(step.Hosts, hostname);
        }
    }

    private void AddConnect(JsonElement e, ProcessInfo? process, StepActivity? step)
    {
        var address = Text(e, "dst_addr") ?? "?";
        var host = Text(e, "hostname") ?? _nameOfAddress.GetValueOrDefault(address) ?? address;
        if (!_hosts.TryGetValue(host, out var connections))
        {
            if (!budget.TryCharge(NameCost + ProfileBudget.Text(host)))
            {
                return;
            }
            connections = new HostConnections(host);
            _hosts.Add(host, connections);
        }
        connections.Connections++;
        AddIfPresent(connections.Addresses, address);
        var port = e.TryGetProperty("dst_port", out var p) ? p.GetRawText() : "?";
        AddIfPresent(connections.Ports, $"{port}/{Text(e, "protocol") ?? "?"}");
        AddIfPresent(connections.Processes, Describe(process));
        if (step is not null)
        {
            Track(connections.Steps, step.Key);
            Track(step.Hosts, host);
        }
    }

    private void AddOpen(JsonElement e, ProcessInfo? process, StepActivity? step)
    {
        var file = FileAt(Text(e, "path"), process, step);
        if (file is null)
        {
            return;
        }
        file.Opens++;
        AddIfPresent(file.Flags, Text(e, "flags"));
    }

    private void AddWrite(JsonElement e, ProcessInfo? process, StepActivity? step)
    {
        var file = FileAt(Text(e, "path"), process, step);
        if (file is null)
        {
            return;
        }
        file.Writes++;
        file.BytesWritten += e.TryGetProperty("bytes", out var bytes) && bytes.TryGetInt64(out var n) ? n : 0;
    }

    private void AddRename(JsonElement e, ProcessInfo? process, StepActivity? step)
    {
        var from = FileAt(Text(e, "path"), process, step);
        var to = FileAt(Text(e, "new_path"), process, step);
        if (from is null || to is null)
        {
            return;
        }
        from.RenamedTo.Add(to.Path);
        to.RenamedFrom.Add(from.Path);
    }

    private void AddChange(JsonElement e, ProcessInfo? process, StepActivity? step, Action<FileActivity> change)
    {
        if (FileAt(Text(e, "path"), process, step) is { } file)
        {
            change(file);
        }
    }

    /// <summary>The activity of <paramref name="path"/>, with the process and step that touched it now.</summary>
    private FileActivity? FileAt(string? path, ProcessInfo? process, StepActivity? step)
    {
        if (path is null)
        {
            return null;
        }
        if (!_files.TryGetValue(path, out var file))
        {
            if (!budget.TryCharge(FileCost + ProfileBudget.Text(path)))
            {
                return null;
            }
            file = new FileActivity(path);
            _files.Add(path, file);
        }
        AddIfPresent(file.Processes, Describe(process));
        if (step is not null)
        {
            Track(file.Steps, step.Key);
            Track(step.Files, path);
        }
        return file;
    }

    private List<long> Times(string type)
    {
        if (!_times.TryGetValue(type, out var list))
        {
            list = [];
            _times.Add(type, list);
        }
        return list;
    }

    private static string? Describe(ProcessInfo? process) => process?.Label;

    /// <summary>Adds a reference to something already paid for (a step, a path): only the set's entry costs.</summary>
    private void Track<T>(ISet<T> set, T item)
    {
        if (!set.Contains(item) && budget.TryCharge(EntryCost))
        {
            set.Add(item);
        }
    }

    private void AddIfPresent(SortedSet<string> set, string? value)
    {
        if (value is not null && !set.Contains(value) && budget.TryCharge(EntryCost + ProfileBudget.Text(value)))
        {
            set.Add(value);
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static bool IsTrue(JsonElement e, string name) => e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>The allow-listed variables of an exec, as the tracer recorded them; null when there were none.</summary>
    private static Dictionary<string, string>? Env(JsonElement e) =>
        e.TryGetProperty("env", out var env) && env.ValueKind == JsonValueKind.Object
            ? env.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.String).ToDictionary(v => v.Name, v => v.Value.GetString()!, StringComparer.Ordinal)
            : null;

    private static string[] Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())]
            : [];
}
