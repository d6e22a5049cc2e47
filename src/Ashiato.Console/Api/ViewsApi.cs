using System.Security.Claims;
using Ashiato.Web.Auth;
using Ashiato.Web.Profiles;
using Ashiato.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ashiato.Web.Api;

/// <summary>
/// Data for the job-view tabs, paged on the server: Summary, Steps, Process tree, Timeline, Network and Files. The
/// process, network and file views take <c>step</c> (<see cref="StepFilter"/>) to show one step of a GitHub Actions job.
/// </summary>
public static class ViewsApi
{
    public static IEndpointRouteBuilder MapViews(this IEndpointRouteBuilder routes)
    {
        var job = routes.MapGroup("/api/jobs/{id}").WithTags("Job view").RequireAuthorization(ConsolePolicies.Read);
        job.MapGet("/summary", SummaryAsync);
        job.MapGet("/steps", StepsAsync);
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

    /// <summary>Every step of the trace's GitHub Actions jobs, by job then number, with what its processes did.</summary>
    private static Task<Results<Ok<Paged<StepResponse>>, BadRequest<ApiError>, NotFound<ApiError>>> StepsAsync(
        string id, int? offset, int? limit, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        PageOfAsync(id, null, user, catalog, profiles, PageQuery.From(offset, limit, 100), ct, (profile, _) => profile.Steps,
            (step, profile) => StepView.From(step, profile));

    /// <summary>
    /// Children of <paramref name="parent"/>, or the roots of the tree when it is absent; with <paramref name="step"/>,
    /// the tree of that step only (its roots are the processes whose parent is in another step).
    /// </summary>
    private static Task<Results<Ok<Paged<ProcessResponse>>, BadRequest<ApiError>, NotFound<ApiError>>> ProcessesAsync(
        string id, int? parent, string? step, int? offset, int? limit, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles,
        CancellationToken ct) =>
        PageOfAsync(id, step, user, catalog, profiles, PageQuery.From(offset, limit, 100), ct,
            // Each level is indexed in display order: a page is a slice, and only its processes are described.
            (profile, filter) => parent is { } pid
                ? filter.All ? profile.ChildrenOf(pid) : profile.ChildrenIn(pid, filter.Step)
                : filter.All ? profile.Roots : profile.RootsIn(filter.Step),
            (p, profile, filter) => new ProcessResponse(p.Pid, p.Ppid, p.Comm, p.Execs, p.Counts, p.Events,
                filter.All ? profile.ChildrenOf(p.Pid).Count : profile.ChildrenIn(p.Pid, filter.Step).Count(),
                p.Forked, p.Accesses, p.FirstSeen, StepView.Ref(p.Step, profile)));

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

    private static Task<Results<Ok<Paged<DnsResponse>>, BadRequest<ApiError>, NotFound<ApiError>>> DnsAsync(
        string id, string? q, string? step, int? offset, int? limit, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        PageOfAsync(id, step, user, catalog, profiles, PageQuery.From(offset, limit), ct, (profile, filter) => profile.Dns
            .Where(d => filter.Matches(d.Steps) && (Matches(q, d.Hostname) || d.Answers.Any(a => Matches(q, a)))),
            (d, profile) => new DnsResponse(d.Hostname, d.Queries, d.Answers, d.Qtypes, d.Rcodes, d.Processes, StepView.Refs(d.Steps, profile)));

    private static Task<Results<Ok<Paged<HostResponse>>, BadRequest<ApiError>, NotFound<ApiError>>> ConnectionsAsync(
        string id, string? q, string? step, int? offset, int? limit, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        PageOfAsync(id, step, user, catalog, profiles, PageQuery.From(offset, limit), ct, (profile, filter) => profile.Hosts
            .Where(h => filter.Matches(h.Steps) && (Matches(q, h.Host) || h.Addresses.Any(a => Matches(q, a)))),
            (h, profile) => new HostResponse(h.Host, h.Connections, h.Addresses, h.Ports, h.Processes, StepView.Refs(h.Steps, profile)));

    /// <summary>
    /// <paramref name="show"/> is <c>all</c>, <c>written</c> (written or renamed into), <c>changed</c> (renamed, deleted
    /// or chmodded) or <c>sensitive</c>.
    /// </summary>
    private static Task<Results<Ok<Paged<FileResponse>>, BadRequest<ApiError>, NotFound<ApiError>>> FilesAsync(
        string id, string? q, string? show, string? step, int? offset, int? limit, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles,
        CancellationToken ct) =>
        PageOfAsync(id, step, user, catalog, profiles, PageQuery.From(offset, limit), ct, (profile, filter) => profile.Files
            .Where(f => filter.Matches(f.Steps) && Matches(q, f.Path))
            .Where(f => show switch
            {
                "written" => f.Writes > 0 || f.RenamedFrom.Count > 0,
                "changed" => f.Changed,
                "sensitive" => f.Sensitive is not null,
                _ => true,
            }),
            (f, profile) => new FileResponse(f.Path, f.Opens, f.Flags, f.Writes, f.BytesWritten, f.Processes, f.Sensitive,
                f.RenamedTo, f.RenamedFrom, f.Deletes, f.Modes, StepView.Refs(f.Steps, profile)));

    /// <summary>The <c>$.key</c> paths present in this job's <c>data</c> column, per record type.</summary>
    private static async Task<Results<Ok<IReadOnlyDictionary<string, IReadOnlyCollection<string>>>, NotFound<ApiError>>> SchemaAsync(
        string id, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, CancellationToken ct) =>
        await JobAccess.ReadyJobAsync(catalog, user, id, ct) is { } job
            ? TypedResults.Ok((await profiles.GetAsync(new JobKey(job.Org, job.Id), ct)).Keys)
            : TypedResults.NotFound(JobAccess.NotFound);

    private static Task<Results<Ok<Paged<T>>, BadRequest<ApiError>, NotFound<ApiError>>> PageOfAsync<TItem, T>(
        string id, string? step, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, PageQuery page, CancellationToken ct,
        Func<JobProfile, StepFilter, IEnumerable<TItem>> select, Func<TItem, JobProfile, T> describe) =>
        PageOfAsync(id, step, user, catalog, profiles, page, ct, select, (item, profile, _) => describe(item, profile));

    /// <summary>
    /// One page of what <paramref name="select"/> picks from the job's profile; only the items on the page are described,
    /// so a page costs the selection plus its own items, whatever the size of the job.
    /// </summary>
    private static async Task<Results<Ok<Paged<T>>, BadRequest<ApiError>, NotFound<ApiError>>> PageOfAsync<TItem, T>(
        string id, string? step, ClaimsPrincipal user, IJobCatalog catalog, JobProfiles profiles, PageQuery page, CancellationToken ct,
        Func<JobProfile, StepFilter, IEnumerable<TItem>> select, Func<TItem, JobProfile, StepFilter, T> describe)
    {
        if (!StepFilter.TryParse(step, out var filter))
        {
            return TypedResults.BadRequest(StepFilter.Invalid);
        }
        if (await JobAccess.ReadyJobAsync(catalog, user, id, ct) is not { } job)
        {
            return TypedResults.NotFound(JobAccess.NotFound);
        }
        var profile = await profiles.GetAsync(new JobKey(job.Org, job.Id), ct);
        var selected = select(profile, filter);
        var all = selected as IReadOnlyList<TItem> ?? [.. selected];
        ct.ThrowIfCancellationRequested();
        var items = page.Slice(all).Select(item => describe(item, profile, filter)).ToList();
        return TypedResults.Ok(new Paged<T>(all.Count, page.Offset, page.Limit, items));
    }

    private static bool Matches(string? query, string text) =>
        string.IsNullOrWhiteSpace(query) || text.Contains(query.Trim(), StringComparison.OrdinalIgnoreCase);
}
