namespace Ashiato.Web.Api;

/// <summary>Offset and limit from a query string, clamped so no request can ask for an unbounded page.</summary>
public readonly record struct PageQuery(int Offset, int Limit)
{
    public const int MaxLimit = 500;

    public static PageQuery From(int? offset, int? limit, int defaultLimit = 50) =>
        new(Math.Max(0, offset ?? 0), Math.Clamp(limit ?? defaultLimit, 1, MaxLimit));

    public IReadOnlyList<T> Slice<T>(IEnumerable<T> items) => [.. items.Skip(Offset).Take(Limit)];
}

/// <summary>One page of a longer list.</summary>
public sealed record Paged<T>(long Total, int Offset, int Limit, IReadOnlyList<T> Items);
