namespace Ashiato.Web.Auth;

/// <summary>Turns presented token text into the stored token it proves, or null.</summary>
public sealed class TokenAuthenticator(ITokenStore store)
{
    // Compared when the id is unknown, so an unknown id costs the same hash and comparison as a wrong secret.
    private static readonly byte[] DecoyHash = new byte[32];

    public async Task<TokenRecord?> AuthenticateAsync(string? presented, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 512)
        {
            return null;
        }
        var secret = TokenSecret.Parse(presented);
        var stored = await store.FindAsync(secret.Id, ct);
        var matches = secret.Matches(stored?.SecretSha256 ?? DecoyHash);
        return stored is not null && matches ? stored : null;
    }
}
