using Ashiato.Events;
using Ashiato.Web.Storage;

namespace Ashiato.Web.Auth;

/// <summary>Creates tokens, and the admin token on the first start of a data directory.</summary>
public sealed class TokenIssuer(ITokenStore store, TimeProvider time)
{
    private const int MinimumExternalLength = 16;

    /// <summary>Creates a token and returns its text, which is shown once and never stored.</summary>
    public async Task<string> CreateAsync(string org, TokenRole role, string? name, CancellationToken ct)
    {
        var secret = TokenSecret.Generate();
        await store.AddAsync(new TokenRecord(secret.Id, OrgName.Require(org), role, secret.Hash(), name, time.GetUtcNow()), ct);
        return secret.ToString();
    }

    /// <summary>
    /// Replaces token <paramref name="id"/> by a new one of the same organisation, role and name, and returns the new
    /// token's text; the old one (and its sessions) stop working at once. Null when there is no such token.
    /// </summary>
    public async Task<string?> RotateAsync(string id, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } old)
        {
            return null;
        }
        var replacement = await CreateAsync(old.Org, old.Role, old.Name, ct);
        await store.DeleteAsync(id, ct);
        return replacement;
    }

    /// <summary>
    /// On the first start only: makes <paramref name="configured"/> (from <c>ASHIATO_ADMIN_TOKEN</c>) the admin token of
    /// the default organisation, or generates one. Returns a generated token so the caller can print it once; null
    /// otherwise.
    /// </summary>
    public async Task<string?> BootstrapAdminAsync(string? configured, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(configured) && configured.Length < MinimumExternalLength)
        {
            throw new UserFacingException($"ASHIATO_ADMIN_TOKEN must be at least {MinimumExternalLength} characters long");
        }
        if (!await store.TryMarkBootstrappedAsync(ct))
        {
            return null;
        }
        if (!string.IsNullOrEmpty(configured))
        {
            var secret = TokenSecret.Parse(configured);
            await store.AddAsync(new TokenRecord(secret.Id, OrgName.Default, TokenRole.Admin, secret.Hash(), "ASHIATO_ADMIN_TOKEN", time.GetUtcNow()), ct);
            return null;
        }
        return await CreateAsync(OrgName.Default, TokenRole.Admin, "first start", ct);
    }
}
