namespace Ashiato.Query.Execution;

/// <summary>Why a query produced no (complete) result.</summary>
public enum QueryErrorKind
{
    /// <summary>DuckDB rejected or failed the SQL (syntax, binder, conversion, permission, out of memory...).</summary>
    Sql,

    /// <summary>The trace could not be loaded (missing, unreadable, malformed).</summary>
    Trace,

    /// <summary>The query ran past its wall-clock deadline and was cancelled.</summary>
    Timeout,

    /// <summary>The worker process was killed for exceeding its memory or CPU-time cap.</summary>
    ResourceLimit,

    /// <summary>The worker process died (a DuckDB crash such as a native stack overflow).</summary>
    WorkerCrashed,
}
