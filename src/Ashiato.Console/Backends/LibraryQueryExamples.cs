using Ashiato.Query.Examples;

namespace Ashiato.Web.Backends;

/// <summary>The example library that ships with the query engine, the same one <c>ashiato query</c> offers.</summary>
public sealed class LibraryQueryExamples : IQueryExamples
{
    public IReadOnlyList<QueryExample> All { get; } =
        [.. ExampleLibrary.All.Select(e => new QueryExample(e.Name, e.Title, e.Description, e.Sql))];
}
