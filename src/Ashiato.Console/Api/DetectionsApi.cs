using System.Security.Claims;
using Ashiato.Web.Auth;
using Ashiato.Web.Backends;
using Ashiato.Web.Engines;
using Ashiato.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ashiato.Web.Api;

/// <summary>The rule pack's findings for a job, and the baseline diff of the Compare tab.</summary>
public static class DetectionsApi
{
    /// <param name="Steps">The steps of the run's GitHub Actions jobs whose behaviour changed.</param>
    public sealed record CompareResponse(IReadOnlyList<string> Baselines, IReadOnlyList<DiffSection> Sections, IReadOnlyList<StepChange> Steps);

    public static IEndpointRouteBuilder MapDetections(this IEndpointRouteBuilder routes)
    {
        var job = routes.MapGroup("/api/jobs/{id}").WithTags("Detections").RequireAuthorization(ConsolePolicies.Read);
        job.MapGet("/detections", FindingsAsync);
        job.MapGet("/compare", CompareAsync);
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<DetectionFinding>>, NotFound<ApiError>, JsonHttpResult<ApiError>>> FindingsAsync(
        string id, ClaimsPrincipal user, IJobCatalog catalog, ITraceBlobStore blobs, ConsoleBackends backends, EngineRuns runs, CancellationToken ct)
    {
        if (backends.Detections is not { } detections)
        {
            return QueryApi.Unavailable("the detection rule pack is not available on this server");
        }
        if (await TracePathAsync(id, user, catalog, blobs, ct) is not (var key, var path))
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        try
        {
            var findings = await runs.Analysis.RunAsync(key.Org, GatedEngine.KeyOf("detect", path), token => detections.FindAsync(path, token), ct);
            await catalog.SetDetectionsAsync(key, findings.Count, ct);
            return TypedResults.Ok(findings);
        }
        catch (EngineUnavailableException e)
        {
            return QueryApi.Unavailable(e.Message);
        }
    }

    /// <summary><paramref name="baseline"/> is a comma-separated list of job ids of the same organisation.</summary>
    private static async Task<Results<Ok<CompareResponse>, BadRequest<ApiError>, NotFound<ApiError>, JsonHttpResult<ApiError>>> CompareAsync(
        string id, string? baseline, ClaimsPrincipal user, IJobCatalog catalog, ITraceBlobStore blobs, ConsoleBackends backends, EngineRuns runs,
        CancellationToken ct)
    {
        if (backends.Comparer is not { } comparer)
        {
            return QueryApi.Unavailable("the baseline diff is not available on this server");
        }
        if (await TracePathAsync(id, user, catalog, blobs, ct) is not (var key, var current))
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        var baselineIds = (baseline ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (baselineIds.Count is 0 or > 20)
        {
            return TypedResults.BadRequest(new ApiError("pick 1 to 20 baseline jobs"));
        }
        var paths = new List<string>();
        foreach (var baselineId in baselineIds)
        {
            if (await TracePathAsync(baselineId, user, catalog, blobs, ct) is not (_, var path))
            {
                return TypedResults.NotFound(new ApiError($"no such baseline job: {baselineId}"));
            }
            paths.Add(path);
        }
        try
        {
            var comparison = await runs.Analysis.RunAsync(key.Org, GatedEngine.KeyOf("diff", [current, .. paths]),
                token => comparer.CompareAsync(current, paths, token), ct);
            return TypedResults.Ok(new CompareResponse(baselineIds, comparison.Sections, comparison.Steps));
        }
        catch (EngineUnavailableException e)
        {
            return QueryApi.Unavailable(e.Message);
        }
    }

    private static async Task<(JobKey Key, string Path)?> TracePathAsync(
        string id, ClaimsPrincipal user, IJobCatalog catalog, ITraceBlobStore blobs, CancellationToken ct)
    {
        if (await JobAccess.ReadyJobAsync(catalog, user, id, ct) is not { } job)
        {
            return null;
        }
        var key = new JobKey(job.Org, job.Id);
        return blobs.LocalPath(key) is { } path ? (key, path) : null;
    }
}
