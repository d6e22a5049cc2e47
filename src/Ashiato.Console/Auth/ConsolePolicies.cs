using Microsoft.AspNetCore.Authorization;

namespace Ashiato.Web.Auth;

/// <summary>Authorization policies by role: each is the set of roles allowed.</summary>
public static class ConsolePolicies
{
    public const string Upload = "upload";
    public const string Read = "read";
    public const string Admin = "admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Upload, p => p.RequireClaim(ConsoleClaims.Role, "ingest", "admin"));
        options.AddPolicy(Read, p => p.RequireClaim(ConsoleClaims.Role, "read", "admin"));
        options.AddPolicy(Admin, p => p.RequireClaim(ConsoleClaims.Role, "admin"));
    }
}
