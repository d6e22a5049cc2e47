namespace Ashiato.Query.Examples;

/// <summary>One query of the example library: <paramref name="Name"/> is the file name without <c>.sql</c>.</summary>
public sealed record ExampleQuery(string Name, string Title, string Description, string Sql);
