namespace Ashiato.Query.Execution;

/// <summary>A result column: its name and DuckDB.NET's type name (<c>Varchar</c>, <c>BigInt</c>, <c>TimestampTz</c>, <c>List</c>...).</summary>
public sealed record QueryColumn(string Name, string Type);
