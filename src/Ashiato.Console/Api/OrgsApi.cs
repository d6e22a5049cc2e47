using System.Security.Claims;
using Ashiato.Web.Auth;
using Ashiato.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ashiato.Web.Api;

/// <summary>Deleting an organisation (a cancelled subscription): its jobs, traces and tokens.</summary>
public static class OrgsApi
{
    public static IEndpointRouteBuilder MapOrgs(this IEndpointRouteBuilder routes)
    {
        routes.MapDelete("/api/orgs/{org}", DeleteAsync).RequireAuthorization(ConsolePolicies.Admin).WithTags("Organisations");
        return routes;
    }

    private static async Task<Results<NoContent, NotFound<ApiError>>> DeleteAsync(
        string org, ClaimsPrincipal user, JobRemoval removal, CancellationToken ct)
    {
        // An admin may only end its own organisation; another org's name looks as absent as a missing one.
        if (!OrgName.IsValid(org) || org != user.OrgOf())
        {
            return TypedResults.NotFound(new ApiError("no such organisation"));
        }
        await removal.DeleteOrgAsync(org, ct);
        return TypedResults.NoContent();
    }
}
