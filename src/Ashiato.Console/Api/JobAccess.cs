using System.Security.Claims;
using Ashiato.Web.Auth;
using Ashiato.Web.Storage;

namespace Ashiato.Web.Api;

/// <summary>Resolves <c>{id}</c> in a route to a job of the caller's own organisation.</summary>
public static class JobAccess
{
    public static readonly ApiError NotFound = new("no such job");

    /// <summary>The key when <paramref name="id"/> is well-formed; ids that are not never reach storage.</summary>
    public static JobKey? KeyOf(ClaimsPrincipal user, string id) =>
        JobId.TryParse(id, out var jobId) ? new JobKey(user.OrgOf(), jobId) : null;

    /// <summary>The job when it exists in the caller's organisation and its trace is stored (or streaming in).</summary>
    public static async Task<JobRecord?> ReadyJobAsync(IJobCatalog catalog, ClaimsPrincipal user, string id, CancellationToken ct) =>
        KeyOf(user, id) is { } key && await catalog.GetAsync(key, ct) is { State: JobState.Ready or JobState.Running } job ? job : null;
}
