using Ashiato.Events;

namespace Ashiato.Web.Auth;

/// <summary>What a token may do. Ingest tokens only upload; read tokens browse and query; admin tokens also delete.</summary>
public enum TokenRole
{
    Ingest,
    Read,
    Admin,
}

public static class TokenRoles
{
    public static string ToWire(this TokenRole role) => role.ToString().ToLowerInvariant();

    public static TokenRole Parse(string text) => text.ToLowerInvariant() switch
    {
        "ingest" => TokenRole.Ingest,
        "read" => TokenRole.Read,
        "admin" => TokenRole.Admin,
        _ => throw new UserFacingException($"'{text}' is not a role: use ingest, read or admin"),
    };
}
