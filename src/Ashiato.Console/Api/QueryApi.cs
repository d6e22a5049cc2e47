using System.Security.Claims;
using System.Text.Json;
using Ashiato.Query.Loading;
using Ashiato.Web.Auth;
using Ashiato.Web.Backends;
using Ashiato.Web.Engines;
using Ashiato.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Ashiato.Web.Api;

/// <summary>The Query tab: the user's SQL over <c>events(data JSON)</c>, run by the sandbox, never in this process.</summary>
public static class QueryApi
{
    public const int MaxSqlLength = 100_000;

    public sealed record QueryRequest(string? Sql);

    public sealed record QueryResponse(IReadOnlyList<JobQueryColumn> Columns, IReadOnlyList<IReadOnlyList<JsonElement>> Rows, bool Truncated, long ElapsedMs);

    /// <summary>A typed view of the Query tab's database, for its schema panel.</summary>
    public sealed record ViewSchema(string Name, IReadOnlyList<ViewSchemaColumn> Columns);

    public sealed record ViewSchemaColumn(string Name, string Type);

    public static IEndpointRouteBuilder MapQuery(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/jobs/{id}/query", RunAsync).RequireAuthorization(ConsolePolicies.Read).WithTags("Query");
        routes.MapGet("/api/query/examples", Examples).RequireAuthorization(ConsolePolicies.Read).WithTags("Query");
        routes.MapGet("/api/query/views", Views).RequireAuthorization(ConsolePolicies.Read).WithTags("Query");
        return routes;
    }

    private static async Task<Results<Ok<QueryResponse>, BadRequest<ApiError>, NotFound<ApiError>, JsonHttpResult<ApiError>>> RunAsync(
        string id, QueryRequest request, ClaimsPrincipal user, IJobCatalog catalog, ITraceBlobStore blobs, ConsoleBackends backends,
        EngineGates gates, ILoggerFactory logs, CancellationToken ct)
    {
        if (backends.Query is not { } runner)
        {
            return Unavailable("the query sandbox is not available on this server");
        }
        if (string.IsNullOrWhiteSpace(request.Sql) || request.Sql.Length > MaxSqlLength)
        {
            return TypedResults.BadRequest(new ApiError($"\"sql\" must hold a query of at most {MaxSqlLength} characters"));
        }
        if (await JobAccess.ReadyJobAsync(catalog, user, id, ct) is not { } job || blobs.LocalPath(new JobKey(job.Org, job.Id)) is not { } path)
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        // Each organisation queues in its own line: a flood from one never holds every worker.
        JobQueryOutcome outcome;
        using (await gates.Query.EnterAsync(job.Org, ct))
        {
            outcome = await runner.RunAsync(path, request.Sql, ct);
        }
        return outcome switch
        {
            JobQueryRows rows => TypedResults.Ok(new QueryResponse(rows.Columns, rows.Rows, rows.Truncated, rows.ElapsedMs)),
            JobQueryError error => TypedResults.BadRequest(new ApiError(Logged(error, logs), Position: error.Position)),
            var other => throw new InvalidOperationException($"unexpected query outcome {other.GetType().Name}"),
        };
    }

    /// <summary>The user's message; the engine's own account of a crash goes to the log.</summary>
    private static string Logged(JobQueryError error, ILoggerFactory logs)
    {
        if (error.Detail is { } detail)
        {
            logs.CreateLogger(typeof(QueryApi).FullName!).LogWarning("a query worker crashed: {Detail}", detail);
        }
        return error.Error;
    }

    private static Results<Ok<IReadOnlyList<QueryExample>>, JsonHttpResult<ApiError>> Examples(ConsoleBackends backends) =>
        backends.Examples is { } examples ? TypedResults.Ok(examples.All) : Unavailable("the query example library is not available on this server");

    /// <summary>The typed views every query may use besides <c>events</c>: one per record type, the same in every job.</summary>
    private static Ok<IReadOnlyList<ViewSchema>> Views() =>
        TypedResults.Ok<IReadOnlyList<ViewSchema>>([.. EventsSchema.Views.Select(v => new ViewSchema(v.Name, [.. v.Columns.Select(c => new ViewSchemaColumn(c.Name, c.SqlType))]))]);

    internal static JsonHttpResult<ApiError> Unavailable(string message) =>
        TypedResults.Json(new ApiError(message), statusCode: StatusCodes.Status503ServiceUnavailable);
}
