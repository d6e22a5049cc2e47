namespace Ashiato.Web.Auth;

/// <summary>What presenting a token gave: the stored token it proves, nothing, or a refusal for too many failures.</summary>
public sealed record AuthAttempt(TokenRecord? Token, bool Throttled)
{
    public static readonly AuthAttempt Failed = new(null, false);
    public static readonly AuthAttempt Refused = new(null, true);
}

/// <summary>Turns presented token text into the stored token it proves, throttling failures per source and per token id.</summary>
public sealed class TokenAuthenticator(ITokenStore store, AuthThrottle throttle)
{
    // Compared when the id is unknown, so an unknown id costs the same hash and comparison as a wrong secret.
    private static readonly byte[] DecoyHash = new byte[32];

    /// <param name="source">The client's address (after trusted forwarding headers).</param>
    public async Task<AuthAttempt> AuthenticateAsync(string? presented, string? source, CancellationToken ct)
    {
        var sourceKey = AuthThrottle.SourceKey(source);
        if (throttle.IsBlocked(sourceKey))
        {
            return AuthAttempt.Refused;
        }
        if (string.IsNullOrEmpty(presented) || presented.Length > 512)
        {
            throttle.Fail(sourceKey);
            return AuthAttempt.Failed;
        }
        var secret = TokenSecret.Parse(presented);
        var tokenKey = AuthThrottle.TokenKey(secret.Id);
        if (throttle.IsBlocked(tokenKey))
        {
            return AuthAttempt.Refused;
        }
        var stored = await store.FindAsync(secret.Id, ct);
        var matches = secret.Matches(stored?.SecretSha256 ?? DecoyHash);
        if (stored is not null && matches)
        {
            return new AuthAttempt(stored, false);
        }
        throttle.Fail(sourceKey);
        if (secret.Id != TokenSecret.ExternalId)
        {
            // Any text that is not ash_<id>_… falls under the external id: counting it would let anyone lock the
            // operator's own admin token out; its guesses are throttled per source.
            throttle.Fail(tokenKey);
        }
        return AuthAttempt.Failed;
    }
}
