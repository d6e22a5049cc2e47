using System.Security.Claims;
using Ashiato.Events;
using Ashiato.Web.Auth;
using Ashiato.Web.Ingest;
using Ashiato.Web.Streams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ashiato.Web.Api;

/// <summary>
/// Live traces from <c>ashiato agent</c>: open a job's stream, append chunks along their hash chain (a repeat is a
/// no-op; other bytes for a held chunk, or a chain that does not continue, are refused and recorded), heartbeats, and
/// the stream's state and faults. The download of a streamed job is <c>GET …/trace.jsonl.gz</c>, the chunks
/// concatenated byte for byte.
/// </summary>
public static class StreamsApi
{
    /// <summary>A chunk is about a second of one job's trace; this bounds what one request may make the server hold.</summary>
    public const int MaxChunkBytes = 64 << 20;

    private const int MaxKeyLength = 256;

    public sealed record OpenStreamRequest(string? Stream, string? Host, IReadOnlyDictionary<string, string>? Labels);

    public sealed record StreamResponse(
        string Id, string Stream, string State, long NextSeq, string LastSha256, DateTimeOffset LastHeardAt, string? Host,
        IReadOnlyDictionary<string, string> Labels, string? RunnerName, string? WorkflowRef, string? RunAttempt,
        IReadOnlyList<FaultResponse> Faults)
    {
        public static StreamResponse From(StreamRecord s, IReadOnlyList<StreamFault> faults) => new(
            s.Key.Id.Value, s.StreamKey, s.State.ToWire(), s.NextSeq, s.LastSha256, s.LastHeardAt, s.Host, s.Labels, s.RunnerName,
            s.WorkflowRef, s.RunAttempt, [.. faults.Select(f => new FaultResponse(f.At, f.Seq, f.Kind, f.Detail))]);
    }

    public sealed record FaultResponse(DateTimeOffset At, long Seq, string Kind, string Detail);

    public sealed record ChunkResponse(string Result, long NextSeq);

    public static IEndpointRouteBuilder MapStreams(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/streams", OpenAsync).WithTags("Streams").RequireAuthorization(ConsolePolicies.Upload)
            .Produces<StreamResponse>(StatusCodes.Status201Created)
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        var job = routes.MapGroup("/api/jobs/{id}").WithTags("Streams");
        job.MapPut("/chunks/{seq:long}", AppendAsync).RequireAuthorization(ConsolePolicies.Upload)
            .Accepts<Stream>("application/gzip")
            .Produces<ChunkResponse>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict)
            .Produces<ApiError>(StatusCodes.Status413PayloadTooLarge);
        job.MapPost("/heartbeat", Heartbeat).RequireAuthorization(ConsolePolicies.Upload)
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        job.MapGet("/stream", Status).RequireAuthorization(ConsolePolicies.Read)
            .Produces<StreamResponse>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        job.MapGet("/chunks", Chunks).RequireAuthorization(ConsolePolicies.Read)
            .Produces<IReadOnlyList<StoredChunk>>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Results<Created<StreamResponse>, Ok<StreamResponse>, BadRequest<ApiError>>> OpenAsync(
        OpenStreamRequest request, ClaimsPrincipal user, JobStreams streams, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Stream) || request.Stream.Length > MaxKeyLength)
        {
            return TypedResults.BadRequest(new ApiError($"\"stream\" is required: the agent's key for the job (at most {MaxKeyLength} characters)"));
        }
        var labels = request.Labels ?? new Dictionary<string, string>();
        if (labels.Count > 64 || labels.Any(l => l.Key.Length > MaxKeyLength || l.Value.Length > MaxKeyLength) || request.Host?.Length > MaxKeyLength)
        {
            return TypedResults.BadRequest(new ApiError($"at most 64 labels, and names, values and host of at most {MaxKeyLength} characters"));
        }
        var (stream, created) = await streams.OpenAsync(user.OrgOf(), request.Stream, request.Host, labels, ct);
        var response = StreamResponse.From(stream, []);
        return created ? TypedResults.Created($"/api/jobs/{stream.Key.Id.Value}/stream", response) : TypedResults.Ok(response);
    }

    private static async Task<IResult> AppendAsync(string id, long seq, HttpContext http, ClaimsPrincipal user, JobStreams streams, CancellationToken ct)
    {
        if (JobAccess.KeyOf(user, id) is not { } key)
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        var previous = http.Request.Headers[ChunkProtocol.PreviousHeader].ToString();
        if (seq < 0 || previous.Length != 64)
        {
            return TypedResults.BadRequest(new ApiError($"a chunk needs a sequence number from 0 and the {ChunkProtocol.PreviousHeader} header (SHA-256 of the previous chunk)"));
        }
        var final = string.Equals(http.Request.Headers[ChunkProtocol.FinalHeader].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        if (http.Request.ContentLength > MaxChunkBytes)
        {
            return TooLarge();
        }
        var body = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(body, ct);
        }
        catch (BadHttpRequestException e)
        {
            return TypedResults.BadRequest(new ApiError($"the chunk did not arrive whole: {e.Message}"));
        }
        if (body.Length > MaxChunkBytes)
        {
            return TooLarge();
        }
        try
        {
            var result = await streams.AppendAsync(key, seq, previous.ToLowerInvariant(), final, body.GetBuffer().AsMemory(0, (int)body.Length), ct);
            var next = streams.Get(key)?.NextSeq ?? 0;
            return result.Outcome switch
            {
                JobStreams.Outcome.Appended => TypedResults.Ok(new ChunkResponse("appended", next)),
                JobStreams.Outcome.Duplicate => TypedResults.Ok(new ChunkResponse("duplicate", next)),
                JobStreams.Outcome.Refused => TypedResults.Conflict(new ApiError($"chunk refused and recorded: {result.Reason}")),
                _ => TypedResults.NotFound(JobAccess.NotFound),
            };
        }
        catch (TraceRejectedException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message, e.Line));
        }
    }

    private static Results<NoContent, NotFound<ApiError>> Heartbeat(string id, ClaimsPrincipal user, JobStreams streams)
    {
        if (JobAccess.KeyOf(user, id) is not { } key || streams.Get(key) is null)
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        streams.Heartbeat(key);
        return TypedResults.NoContent();
    }

    private static Results<Ok<StreamResponse>, NotFound<ApiError>> Status(string id, ClaimsPrincipal user, JobStreams streams) =>
        JobAccess.KeyOf(user, id) is { } key && streams.Get(key) is { } stream
            ? TypedResults.Ok(StreamResponse.From(stream, streams.Faults(key)))
            : TypedResults.NotFound(JobAccess.NotFound);

    /// <summary>Each chunk's sequence number, SHA-256 and size: the download splits into them, and their hashes chain.</summary>
    private static Results<Ok<IReadOnlyList<StoredChunk>>, NotFound<ApiError>> Chunks(string id, ClaimsPrincipal user, JobStreams streams) =>
        JobAccess.KeyOf(user, id) is { } key && streams.Get(key) is not null
            ? TypedResults.Ok(streams.Chunks(key))
            : TypedResults.NotFound(JobAccess.NotFound);

    private static JsonHttpResult<ApiError> TooLarge() => TypedResults.Json(
        new ApiError($"a chunk is at most {MaxChunkBytes} bytes"), statusCode: StatusCodes.Status413PayloadTooLarge);
}
