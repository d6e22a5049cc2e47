using System.Security.Claims;
using Ashiato.Web.Auth;
using Ashiato.Web.Ingest;
using Ashiato.Web.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ashiato.Web.Api;

/// <summary>Upload (once, validated) and download (byte for byte) of a job's trace.</summary>
public static class TraceApi
{
    public static IEndpointRouteBuilder MapTrace(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/api/jobs/{id}").WithTags("Traces");
        jobs.MapPut("/trace", UploadAsync).RequireAuthorization(ConsolePolicies.Upload)
            .Accepts<Stream>("application/gzip")
            .Produces<JobResponse>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict)
            .Produces<ApiError>(StatusCodes.Status413PayloadTooLarge);
        jobs.MapGet("/trace.jsonl.gz", DownloadAsync).RequireAuthorization(ConsolePolicies.Read)
            .Produces(StatusCodes.Status200OK, contentType: "application/gzip")
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> UploadAsync(
        string id, HttpContext http, ClaimsPrincipal user, TraceUploads uploads, ConsoleOptions options, CancellationToken ct)
    {
        if (JobAccess.KeyOf(user, id) is not { } key)
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        if (http.Request.ContentLength > options.MaxUploadBytes)
        {
            return TooLarge(UploadTooLargeException.Compressed(options.MaxUploadBytes).Message);
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Our own limit applies while streaming; Kestrel's default would cut uploads at 30 MB.
            limit.MaxRequestBodySize = options.MaxUploadBytes + 1;
        }
        try
        {
            var (result, job) = await uploads.UploadAsync(key, http.Request.Body, ct);
            return result switch
            {
                TraceUploads.Result.Stored => TypedResults.Ok(JobResponse.From(job!)),
                TraceUploads.Result.NoSuchJob => TypedResults.NotFound(JobAccess.NotFound),
                _ => TypedResults.Conflict(new ApiError("this job already has a trace (or one is being uploaded); create a new job")),
            };
        }
        catch (TraceRejectedException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message, e.Line));
        }
        catch (UploadTooLargeException e)
        {
            return TooLarge(e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(UploadTooLargeException.Compressed(options.MaxUploadBytes).Message);
        }
        catch (BadHttpRequestException e)
        {
            return TypedResults.BadRequest(new ApiError($"the upload did not complete: {e.Message}"));
        }
    }

    private static async Task<Results<FileStreamHttpResult, NotFound<ApiError>>> DownloadAsync(
        string id, ClaimsPrincipal user, IJobCatalog catalog, ITraceBlobStore blobs, CancellationToken ct)
    {
        if (await JobAccess.ReadyJobAsync(catalog, user, id, ct) is not { } job || blobs.OpenRead(new JobKey(job.Org, job.Id)) is not { } stream)
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        return TypedResults.File(stream, "application/gzip", $"{job.Id}.jsonl.gz");
    }

    private static JsonHttpResult<ApiError> TooLarge(string reason) =>
        TypedResults.Json(new ApiError(reason), statusCode: StatusCodes.Status413PayloadTooLarge);
}
