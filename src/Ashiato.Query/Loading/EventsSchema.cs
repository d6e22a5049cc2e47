using Ashiato.Events;

namespace Ashiato.Query.Loading;

/// <summary>
/// The tables users query: <c>events(data JSON, type, ts, job)</c>, exactly the console's Query tab plus convenience
/// columns, and one view per event type with the contract's fields as typed columns.
/// </summary>
public static class EventsSchema
{
    public const string CreateEventsTable =
        "CREATE TABLE events (data JSON, type VARCHAR, ts TIMESTAMPTZ, job VARCHAR)";

    /// <summary>
    /// Selects the four columns from <c>{0}</c> (a VARCHAR or JSON column of <c>{1}</c>) for job literal <c>{2}</c>. One
    /// multi-path extraction parses each line once for both <c>type</c> and <c>timestamp</c>: two single-path calls
    /// parse it twice and made loading about a third slower.
    /// </summary>
    public const string RowSelect =
        "SELECT {0}::JSON, fields[1], TRY_CAST(fields[2] AS TIMESTAMPTZ), {2} " +
        "FROM (SELECT {0}, json_extract_string({0}, ['$.type', '$.timestamp']) AS fields FROM {1})";

    private static readonly (EventKind Kind, (string Name, string SqlType)[] Fields)[] ViewFields =
    [
        (EventKind.ProcessExec, [("pid", "BIGINT"), ("ppid", "BIGINT"), ("comm", "VARCHAR"), ("filename", "VARCHAR"),
            ("args", "VARCHAR[]"), ("exe", "VARCHAR"), ("cwd", "VARCHAR"), ("uid", "BIGINT"), ("args_truncated", "BOOLEAN")]),
        (EventKind.NetConnect, [("pid", "BIGINT"), ("ppid", "BIGINT"), ("comm", "VARCHAR"), ("dst_addr", "VARCHAR"),
            ("dst_port", "INTEGER"), ("protocol", "VARCHAR"), ("hostname", "VARCHAR")]),
        (EventKind.DnsQuery, [("pid", "BIGINT"), ("ppid", "BIGINT"), ("comm", "VARCHAR"), ("hostname", "VARCHAR"),
            ("qtype", "VARCHAR"), ("dns_server", "VARCHAR"), ("answers", "VARCHAR[]"), ("rcode", "VARCHAR")]),
        (EventKind.FileOpen, [("pid", "BIGINT"), ("ppid", "BIGINT"), ("comm", "VARCHAR"), ("path", "VARCHAR"),
            ("flags", "VARCHAR"), ("resolved_path", "VARCHAR")]),
        (EventKind.FileWrite, [("pid", "BIGINT"), ("ppid", "BIGINT"), ("comm", "VARCHAR"), ("path", "VARCHAR"),
            ("bytes", "BIGINT")]),
        (EventKind.FileRename, [("pid", "BIGINT"), ("ppid", "BIGINT"), ("comm", "VARCHAR"), ("path", "VARCHAR"),
            ("new_path", "VARCHAR")]),
        (EventKind.FileDelete, [("pid", "BIGINT"), ("ppid", "BIGINT"), ("comm", "VARCHAR"), ("path", "VARCHAR"),
            ("directory", "BOOLEAN")]),
        (EventKind.FileChmod, [("pid", "BIGINT"), ("ppid", "BIGINT"), ("comm", "VARCHAR"), ("path", "VARCHAR"),
            ("mode", "VARCHAR")]),
        (EventKind.ProcessAccess, [("pid", "BIGINT"), ("ppid", "BIGINT"), ("comm", "VARCHAR"), ("target_pid", "BIGINT"),
            ("target_comm", "VARCHAR"), ("method", "VARCHAR"), ("target_relation", "VARCHAR"), ("target_ppid", "BIGINT")]),
    ];

    /// <summary>Names of the typed views, for <c>.tables</c> and the console's schema panel.</summary>
    public static IReadOnlyList<string> ViewNames { get; } = [.. ViewFields.Select(v => v.Kind.ToWire())];

    /// <summary><c>CREATE VIEW</c> statements, one per event type: <c>ts</c>, <c>job</c>, the typed fields, then <c>data</c>.</summary>
    public static IEnumerable<string> CreateViews()
    {
        foreach (var (kind, fields) in ViewFields)
        {
            var columns = fields.Select(f => f.SqlType == "VARCHAR"
                ? $"json_extract_string(data, '$.{f.Name}') AS {f.Name}"
                : $"TRY_CAST(json_extract(data, '$.{f.Name}') AS {f.SqlType}) AS {f.Name}");
            yield return $"CREATE VIEW {kind.ToWire()} AS SELECT ts, job, {string.Join(", ", columns)}, data " +
                $"FROM events WHERE type = '{kind.ToWire()}'";
        }
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
