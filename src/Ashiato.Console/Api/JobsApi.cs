using System.Security.Claims;
using Ashiato.Web.Auth;
using Ashiato.Web.Profiles;
using Ashiato.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ashiato.Web.Api;

/// <summary>Create, list, read and delete jobs.</summary>
public static class JobsApi
{
    private const int MaxFieldLength = 256;

    public sealed record CreateJobRequest(string? Job, string? Repo, string? Workflow, string? RunId, string? Sha);

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/api/jobs").WithTags("Jobs");
        jobs.MapPost("/", CreateAsync).RequireAuthorization(ConsolePolicies.Upload);
        jobs.MapGet("/", ListAsync).RequireAuthorization(ConsolePolicies.Read);
        jobs.MapGet("/{id}", GetAsync).RequireAuthorization(ConsolePolicies.Read);
        jobs.MapDelete("/{id}", DeleteAsync).RequireAuthorization(ConsolePolicies.Admin);
        return routes;
    }

    private static async Task<Results<Created<CreatedJob>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> CreateAsync(
        CreateJobRequest request, ClaimsPrincipal user, IJobCatalog catalog, TimeProvider time, ConsoleOptions options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Job))
        {
            return TypedResults.BadRequest(new ApiError("\"job\" is required: name the job, for example \"repo build #12\""));
        }
        string?[] fields = [request.Job, request.Repo, request.Workflow, request.RunId, request.Sha];
        if (fields.Any(f => f?.Length > MaxFieldLength))
        {
            return TypedResults.BadRequest(new ApiError($"job, repo, workflow, run_id and sha are at most {MaxFieldLength} characters"));
        }
        if (await catalog.CountPendingAsync(user.OrgOf(), ct) >= options.MaxPendingJobsPerOrg)
        {
            return TypedResults.Json(new ApiError(
                $"this organisation already has {options.MaxPendingJobsPerOrg} jobs waiting for their trace: upload or delete some first"),
                statusCode: StatusCodes.Status429TooManyRequests);
        }
        var id = JobId.New(time);
        await catalog.CreateAsync(new JobRecord
        {
            Id = id,
            Org = user.OrgOf(),
            Metadata = new JobMetadata(request.Job.Trim(), Blank(request.Repo), Blank(request.Workflow), Blank(request.RunId), Blank(request.Sha)),
            CreatedAt = time.GetUtcNow(),
            State = JobState.Pending,
        }, ct);
        return TypedResults.Created($"/api/jobs/{id}", new CreatedJob(id.Value));
    }

    private static async Task<Ok<JobListResponse>> ListAsync(
        ClaimsPrincipal user, IJobCatalog catalog, string? q, string? repo, string? workflow, int? offset, int? limit, CancellationToken ct)
    {
        var page = PageQuery.From(offset, limit);
        var jobs = await catalog.ListAsync(user.OrgOf(), new JobFilter(q, repo, workflow, page.Offset, page.Limit), ct);
        return TypedResults.Ok(new JobListResponse(jobs.Total, page.Offset, page.Limit, [.. jobs.Jobs.Select(JobResponse.From)]));
    }

    private static async Task<Results<Ok<JobResponse>, NotFound<ApiError>>> GetAsync(
        string id, ClaimsPrincipal user, IJobCatalog catalog, CancellationToken ct) =>
        JobAccess.KeyOf(user, id) is { } key && await catalog.GetAsync(key, ct) is { } job
            ? TypedResults.Ok(JobResponse.From(job))
            : TypedResults.NotFound(JobAccess.NotFound);

    private static async Task<Results<NoContent, NotFound<ApiError>>> DeleteAsync(
        string id, ClaimsPrincipal user, JobRemoval removal, JobProfiles profiles, CancellationToken ct)
    {
        if (JobAccess.KeyOf(user, id) is not { } key || !await removal.DeleteJobAsync(key, ct))
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        profiles.Forget(key);
        return TypedResults.NoContent();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
