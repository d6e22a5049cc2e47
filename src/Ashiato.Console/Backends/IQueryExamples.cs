namespace Ashiato.Web.Backends;

/// <summary>The example library shown in the Query tab; it comes with the query engine.</summary>
public interface IQueryExamples
{
    IReadOnlyList<QueryExample> All { get; }
}

public sealed record QueryExample(string Id, string Title, string Description, string Sql);
