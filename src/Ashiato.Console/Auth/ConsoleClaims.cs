using System.Security.Claims;

namespace Ashiato.Web.Auth;

/// <summary>The claims a signed-in token carries, and how handlers read them back.</summary>
public static class ConsoleClaims
{
    public const string Org = "ashiato:org";
    public const string Role = "ashiato:role";
    public const string TokenId = "ashiato:token";

    public static ClaimsPrincipal ToPrincipal(TokenRecord token, string scheme) => new(new ClaimsIdentity(
        [new Claim(Org, token.Org), new Claim(Role, token.Role.ToWire()), new Claim(TokenId, token.Id)], scheme, TokenId, Role));

    /// <summary>The organisation of the caller. Authorization has already run, so the claim is there.</summary>
    public static string OrgOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(Org) ?? throw new InvalidOperationException("endpoint reached without an authenticated organisation");

    public static string? RoleOf(this ClaimsPrincipal user) => user.FindFirstValue(Role);
}
