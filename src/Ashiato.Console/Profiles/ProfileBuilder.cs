using System.Text.Json;
using System.Text.Json.Nodes;
using Ashiato.Web.Ingest;

namespace Ashiato.Web.Profiles;

/// <summary>Builds a <see cref="JobProfile"/> from trace lines. Pure: no I/O, fed one line at a time.</summary>
public sealed class ProfileBuilder
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, ProcessInfo> _processes = [];
    private readonly Dictionary<string, DnsName> _dns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nameOfAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostConnections> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileActivity> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _times = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _keys = new(StringComparer.Ordinal);
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
            Times(type).Add((t - DateTimeOffset.UnixEpoch).Ticks / 10);
        }
        var process = ProcessOf(e, type, timestamp);
        switch (type)
        {
            case "trace_meta":
                _meta = JsonNode.Parse(e.GetRawText())?.AsObject();
                break;
            case "tracer_stats":
                _stats = JsonNode.Parse(e.GetRawText())?.AsObject();
                break;
            case "process_exec" when process is not null:
                process.Execs.Add(new ExecInfo(timestamp, Text(e, "filename") ?? "", Strings(e, "args"), IsTrue(e, "args_truncated"),
                    Text(e, "exe"), Text(e, "cwd"), IsTrue(e, "snapshot"), Env(e)));
                break;
            case "process_fork" when process is not null:
                process.Forked = true;
                break;
            case "process_access" when process is not null:
                process.Accesses.Add(new AccessInfo(timestamp, Text(e, "method") ?? "?", Int(e, "target_pid"), Text(e, "target_comm"),
                    Text(e, "target_relation")));
                break;
            case "dns_query":
                AddDns(e, process);
                break;
            case "net_connect":
                AddConnect(e, process);
                break;
            case "file_open":
                AddOpen(e, process);
                break;
            case "file_write":
                AddWrite(e, process);
                break;
            case "file_rename":
                AddRename(e, process);
                break;
            case "file_delete":
                AddChange(e, process, file => file.Deletes++);
                break;
            case "file_chmod" when Text(e, "mode") is { } mode:
                AddChange(e, process, file => file.Modes.Add(mode));
                break;
        }
    }

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
        Times = _times.ToDictionary(p => p.Key, p => p.Value.Order().ToArray()),
        Keys = _keys.ToDictionary(p => p.Key, p => (IReadOnlyCollection<string>)p.Value),
    };

    private void AddKeys(string type, JsonElement e)
    {
        if (!_keys.TryGetValue(type, out var keys))
        {
            keys = new SortedSet<string>(StringComparer.Ordinal);
            _keys.Add(type, keys);
        }
        foreach (var property in e.EnumerateObject())
        {
            keys.Add(property.Name);
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

    private void AddDns(JsonElement e, ProcessInfo? process)
    {
        var hostname = Text(e, "hostname");
        if (hostname is null)
        {
            return;
        }
        if (!_dns.TryGetValue(hostname, out var name))
        {
            name = new DnsName(hostname);
            _dns.Add(hostname, name);
        }
        name.Queries++;
        foreach (var answer in Strings(e, "answers"))
        {
            name.Answers.Add(answer);
            _nameOfAddress[answer] = hostname;
        }
        AddIfPresent(name.Qtypes, Text(e, "qtype"));
        AddIfPresent(name.Rcodes, Text(e, "rcode"));
        AddIfPresent(name.Processes, Describe(process));
    }

    private void AddConnect(JsonElement e, ProcessInfo? process)
    {
        var address = Text(e, "dst_addr") ?? "?";
        var host = Text(e, "hostname") ?? _nameOfAddress.GetValueOrDefault(address) ?? address;
        if (!_hosts.TryGetValue(host, out var connections))
        {
            connections = new HostConnections(host);
            _hosts.Add(host, connections);
        }
        connections.Connections++;
        connections.Addresses.Add(address);
        var port = e.TryGetProperty("dst_port", out var p) ? p.GetRawText() : "?";
        connections.Ports.Add($"{port}/{Text(e, "protocol") ?? "?"}");
        AddIfPresent(connections.Processes, Describe(process));
    }

    private void AddOpen(JsonElement e, ProcessInfo? process)
    {
        var file = FileAt(Text(e, "path"));
        if (file is null)
        {
            return;
        }
        file.Opens++;
        AddIfPresent(file.Flags, Text(e, "flags"));
        AddIfPresent(file.Processes, Describe(process));
    }

    private void AddWrite(JsonElement e, ProcessInfo? process)
    {
        var file = FileAt(Text(e, "path"));
        if (file is null)
        {
            return;
        }
        file.Writes++;
        file.BytesWritten += e.TryGetProperty("bytes", out var bytes) && bytes.TryGetInt64(out var n) ? n : 0;
        AddIfPresent(file.Processes, Describe(process));
    }

    private void AddRename(JsonElement e, ProcessInfo? process)
    {
        var from = FileAt(Text(e, "path"));
        var to = FileAt(Text(e, "new_path"));
        if (from is null || to is null)
        {
            return;
        }
        from.RenamedTo.Add(to.Path);
        to.RenamedFrom.Add(from.Path);
        AddIfPresent(from.Processes, Describe(process));
        AddIfPresent(to.Processes, Describe(process));
    }

    private void AddChange(JsonElement e, ProcessInfo? process, Action<FileActivity> change)
    {
        if (FileAt(Text(e, "path")) is { } file)
        {
            change(file);
            AddIfPresent(file.Processes, Describe(process));
        }
    }

    private FileActivity? FileAt(string? path)
    {
        if (path is null)
        {
            return null;
        }
        if (!_files.TryGetValue(path, out var file))
        {
            file = new FileActivity(path);
            _files.Add(path, file);
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

    private static void AddIfPresent(SortedSet<string> set, string? value)
    {
        if (value is not null)
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
