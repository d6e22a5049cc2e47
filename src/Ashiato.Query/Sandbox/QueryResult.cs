using System.Text.Json;
using Ashiato.Query.Execution;

namespace Ashiato.Query.Sandbox;

/// <summary>
/// The answer of a sandboxed query, ready to serialize for a web client. On success <see cref="Error"/> is null; on
/// failure it says why, and <see cref="Columns"/>/<see cref="Rows"/> hold whatever arrived before. Rows are JSON
/// values already: HUGEINT and decimals as JSON numbers, lists as arrays, structs and maps as objects, timestamps as
/// ISO 8601 strings (TIMESTAMPTZ with <c>Z</c>), blobs as base64.
/// </summary>
public sealed record QueryResult(
    IReadOnlyList<QueryColumn> Columns,
    IReadOnlyList<IReadOnlyList<JsonElement>> Rows,
    bool Truncated,
    double ElapsedMs,
    long LoadedEvents,
    IReadOnlyList<string> Warnings,
    QueryError? Error)
{
    public bool Succeeded => Error is null;
}
