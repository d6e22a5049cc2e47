namespace Ashiato.Query.Execution;

/// <summary>
/// A result column: its name and DuckDB.NET's type name (<c>Varchar</c>, <c>BigInt</c>, <c>TimestampTz</c>, <c>List</c>...),
/// or <see cref="JsonType"/> for a column of DuckDB's JSON type (which DuckDB.NET reports as Varchar).
/// </summary>
public sealed record QueryColumn(string Name, string Type)
{
    public const string JsonType = "Json";
}
