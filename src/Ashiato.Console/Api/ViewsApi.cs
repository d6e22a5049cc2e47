using System.Security.Claims;
using Ashiato.Web.Auth;
using Ashiato.Web.Profiles;
using Ashiato.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ashiato.Web.Api;

/// <summary>Data for the job-view tabs, paged on the server: Summary, Process tree, Timeline, Network and Files.</summary>
public static class ViewsApi
{
    public static IEndpointRouteBuilder MapViews(this IEndpointRouteBuilder routes)
    {
        var job = routes.MapGroup("/api/jobs/{id}").WithTags("Job view").RequireAuthorization(ConsolePolicies.Read);
        job.MapGet("/summary", SummaryAsync);
        job.MapGet("/processes", ProcessesAsync);
        job.MapGet("/processes/{pid:int}/events", ProcessEventsAsync);
        job.MapGet("/timeline", TimelineAsync);
        job.MapGet("/dns", DnsAsync);
        job.MapGet("/connections", ConnectionsAsync);
        job.MapGet("/files", FilesAsync);
        job.MapGet("/schema", SchemaAsync);
        return routes;
    }

    private static async Task<Results<Ok<SummaryResponse>, NotFound<ApiError>>> SummaryAsync(
        string id, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        await JobAccess.ReadyJobAsync(catalog, user, id, ct) is { } job
            ? TypedResults.Ok(SummaryView.From(await profiles.GetAsync(new JobKey(job.Org, job.Id), ct), job))
            : TypedResults.NotFound(JobAccess.NotFound);

    /// <summary>Children of <paramref name="parent"/>, or the roots of the tree when it is absent.</summary>
    private static Task<Results<Ok<Paged<ProcessResponse>>, NotFound<ApiError>>> ProcessesAsync(
        string id, int? parent, int? offset, int? limit, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        PageOfAsync(id, user, catalog, profiles, PageQuery.From(offset, limit, 100), ct, profile =>
            (parent is { } pid ? profile.ChildrenOf(pid) : profile.Roots)
                .OrderBy(p => p.FirstSeen ?? DateTimeOffset.MaxValue).ThenBy(p => p.Pid)
                .Select(p => new ProcessResponse(p.Pid, p.Ppid, p.Comm, p.Execs, p.Counts, p.Events, profile.ChildrenOf(p.Pid).Count(),
                    p.Forked, p.Accesses, p.FirstSeen)));

    private static async Task<Results<Ok<EventsPage>, NotFound<ApiError>>> ProcessEventsAsync(
        string id, int pid, int? offset, int? limit, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct)
    {
        if (await JobAccess.ReadyJobAsync(catalog, user, id, ct) is not { } job)
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        var page = PageQuery.From(offset, limit, 100);
        var (items, more) = await Task.Run(() => profiles.EventsOf(new JobKey(job.Org, job.Id), pid, page.Offset, page.Limit, ct), ct);
        return TypedResults.Ok(new EventsPage(page.Offset, page.Limit, more, items));
    }

    private static async Task<Results<Ok<TimelineResponse>, NotFound<ApiError>>> TimelineAsync(
        string id, int? buckets, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        await JobAccess.ReadyJobAsync(catalog, user, id, ct) is { } job
            ? TypedResults.Ok(TimelineView.From(await profiles.GetAsync(new JobKey(job.Org, job.Id), ct), buckets ?? 120))
            : TypedResults.NotFound(JobAccess.NotFound);

    private static Task<Results<Ok<Paged<DnsResponse>>, NotFound<ApiError>>> DnsAsync(
        string id, string? q, int? offset, int? limit, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        PageOfAsync(id, user, catalog, profiles, PageQuery.From(offset, limit), ct, profile => profile.Dns
            .Where(d => Matches(q, d.Hostname) || d.Answers.Any(a => Matches(q, a)))
            .Select(d => new DnsResponse(d.Hostname, d.Queries, d.Answers, d.Qtypes, d.Rcodes, d.Processes)));

    private static Task<Results<Ok<Paged<HostResponse>>, NotFound<ApiError>>> ConnectionsAsync(
        string id, string? q, int? offset, int? limit, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        PageOfAsync(id, user, catalog, profiles, PageQuery.From(offset, limit), ct, profile => profile.Hosts
            .Where(h => Matches(q, h.Host) || h.Addresses.Any(a => Matches(q, a)))
            .Select(h => new HostResponse(h.Host, h.Connections, h.Addresses, h.Ports, h.Processes)));

    /// <summary>
    /// <paramref name="show"/> is <c>all</c>, <c>written</c> (written or renamed into), <c>changed</c> (renamed, deleted
    /// or chmodded) or <c>sensitive</c>.
    /// </summary>
    private static Task<Results<Ok<Paged<FileResponse>>, NotFound<ApiError>>> FilesAsync(
        string id, string? q, string? show, int? offset, int? limit, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        PageOfAsync(id, user, catalog, profiles, PageQuery.From(offset, limit), ct, profile => profile.Files
            .Where(f => Matches(q, f.Path))
            .Where(f => show switch
            {
                "written" => f.Writes > 0 || f.RenamedFrom.Count > 0,
                "changed" => f.Changed,
                "sensitive" => f.Sensitive is not null,
                _ => true,
            })
            .Select(f => new FileResponse(f.Path, f.Opens, f.Flags, f.Writes, f.BytesWritten, f.Processes, f.Sensitive,
                f.RenamedTo, f.RenamedFrom, f.Deletes, f.Modes)));

    /// <summary>The <c>$.key</c> paths present in this job's <c>data</c> column, per record type.</summary>
    private static async Task<Results<Ok<IReadOnlyDictionary<string, IReadOnlyCollection<string>>>, NotFound<ApiError>>> SchemaAsync(
        string id, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        await JobAccess.ReadyJobAsync(catalog, user, id, ct) is { } job
            ? TypedResults.Ok((await profiles.GetAsync(new JobKey(job.Org, job.Id), ct)).Keys)
            : TypedResults.NotFound(JobAccess.NotFound);

    private static async Task<Results<Ok<Paged<T>>, NotFound<ApiError>>> PageOfAsync<T>(
        string id, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, PageQuery page, CancellationToken ct,
        Func<JobProfile, IEnumerable<T>> select)
    {
        if (await JobAccess.ReadyJobAsync(catalog, user, id, ct) is not { } job)
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        var all = select(await profiles.GetAsync(new JobKey(job.Org, job.Id), ct)).ToList();
        return TypedResults.Ok(new Paged<T>(all.Count, page.Offset, page.Limit, page.Slice(all)));
    }

    private static bool Matches(string? query, string text) =>
        string.IsNullOrWhiteSpace(query) || text.Contains(query.Trim(), StringComparison.OrdinalIgnoreCase);
}
