namespace Ashiato.Web.Storage;

/// <summary>What the uploader says about a job: where it ran. Only <see cref="Job"/> is required.</summary>
public sealed record JobMetadata(string Job, string? Repo, string? Workflow, string? RunId, string? Sha);
