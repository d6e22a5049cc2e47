namespace Ashiato.Web.Auth;

public interface ITokenStore
{
    Task AddAsync(TokenRecord token, CancellationToken ct);

    Task<TokenRecord?> FindAsync(string id, CancellationToken ct);

    /// <summary>Marks first-start work as done; false when it already was (so the admin token is made only once).</summary>
    Task<bool> TryMarkBootstrappedAsync(CancellationToken ct);
}
