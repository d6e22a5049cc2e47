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

    private static readonly ViewColumn[] ProcessColumns =
        [new("pid", "BIGINT"), new("ppid", "BIGINT"), new("comm", "VARCHAR")];

    private static readonly (EventKind Kind, ViewColumn[] Fields)[] ViewFields =
    [
        (EventKind.ProcessExec, [.. ProcessColumns, new("filename", "VARCHAR"), new("args", "VARCHAR[]"), new("exe", "VARCHAR"),
            new("cwd", "VARCHAR"), new("uid", "BIGINT"), new("args_truncated", "BOOLEAN"),
            // False rather than NULL on a live exec, so WHERE NOT snapshot keeps the execs the tracer saw happen.
            new("snapshot", "BOOLEAN", "false"), new("env", "MAP(VARCHAR, VARCHAR)"), new("env_truncated", "BOOLEAN")]),
        (EventKind.NetConnect, [.. ProcessColumns, new("dst_addr", "VARCHAR"), new("dst_port", "INTEGER"), new("protocol", "VARCHAR"),
            new("hostname", "VARCHAR")]),
        (EventKind.DnsQuery, [.. ProcessColumns, new("hostname", "VARCHAR"), new("qtype", "VARCHAR"), new("dns_server", "VARCHAR"),
            new("answers", "VARCHAR[]"), new("rcode", "VARCHAR")]),
        (EventKind.FileOpen, [.. ProcessColumns, new("path", "VARCHAR"), new("flags", "VARCHAR"), new("resolved_path", "VARCHAR")]),
        (EventKind.FileWrite, [.. ProcessColumns, new("path", "VARCHAR"), new("bytes", "BIGINT")]),
        (EventKind.ProcessFork, ProcessColumns),
        (EventKind.FileRename, [.. ProcessColumns, new("path", "VARCHAR"), new("new_path", "VARCHAR")]),
        (EventKind.FileDelete, [.. ProcessColumns, new("path", "VARCHAR"), new("directory", "BOOLEAN", "false")]),
        (EventKind.FileChmod, [.. ProcessColumns, new("path", "VARCHAR"), new("mode", "VARCHAR")]),
        (EventKind.ProcessAccess, [.. ProcessColumns, new("target_pid", "BIGINT"), new("target_comm", "VARCHAR"),
            new("target_ppid", "BIGINT"), new("target_relation", "VARCHAR"), new("method", "VARCHAR")]),
    ];

    /// <summary>Names of the typed views, for <c>.tables</c> and the console's schema panel.</summary>
    public static IReadOnlyList<string> ViewNames { get; } = [.. ViewFields.Select(v => v.Kind.ToWire())];

    /// <summary>Every typed view with its columns in order (<c>ts</c>, <c>job</c>, the fields, <c>data</c>).</summary>
    public static IReadOnlyList<ViewDescription> Views { get; } =
    [
        .. ViewFields.Select(v => new ViewDescription(v.Kind.ToWire(),
            [new("ts", "TIMESTAMP WITH TIME ZONE"), new("job", "VARCHAR"), .. v.Fields, new("data", "JSON")])),
    ];

    /// <summary><c>CREATE VIEW</c> statements, one per event type: <c>ts</c>, <c>job</c>, the typed fields, then <c>data</c>.</summary>
    public static IEnumerable<string> CreateViews()
    {
        foreach (var (kind, fields) in ViewFields)
        {
            var columns = fields.Select(f => $"{f.Extraction()} AS {f.Name}");
            yield return $"CREATE VIEW {kind.ToWire()} AS SELECT ts, job, {string.Join(", ", columns)}, data " +
                $"FROM events WHERE type = '{kind.ToWire()}'";
        }
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

/// <summary>A typed view of one record type, as the schema panels list it.</summary>
public sealed record ViewDescription(string Name, IReadOnlyList<ViewColumn> Columns);

/// <summary>
/// One column of a typed view: the contract field <see cref="Name"/> of <c>data</c>, as <see cref="SqlType"/>;
/// <see cref="Default"/> (SQL) stands in when a record lacks the field.
/// </summary>
public sealed record ViewColumn(string Name, string SqlType, string? Default = null)
{
    internal string Extraction()
    {
        var value = SqlType == "VARCHAR"
            ? $"json_extract_string(data, '$.{Name}')"
            : $"TRY_CAST(json_extract(data, '$.{Name}') AS {SqlType})";
        return Default is null ? value : $"coalesce({value}, {Default})";
    }
}
