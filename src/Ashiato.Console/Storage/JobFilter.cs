namespace Ashiato.Web.Storage;

/// <summary>A page of the jobs list. <see cref="Search"/> matches job, repo, workflow, run id and commit.</summary>
public sealed record JobFilter(string? Search, string? Repo, string? Workflow, int Offset, int Limit);
