namespace Ashiato.Web.Auth;

public interface ITokenStore
{
    Task AddAsync(TokenRecord token, CancellationToken ct);

    Task<TokenRecord?> FindAsync(string id, CancellationToken ct);

    /// <summary>Every token (hashes included; callers show only what is safe), oldest first.</summary>
    Task<IReadOnlyList<TokenRecord>> ListAsync(CancellationToken ct);

    /// <summary>Removes a token; its sessions end at their next request. False when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct);

    /// <summary>Marks first-start work as done; false when it already was (so the admin token is made only once).</summary>
    Task<bool> TryMarkBootstrappedAsync(CancellationToken ct);
}
