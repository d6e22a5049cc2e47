namespace Ashiato.Web.Storage;

/// <summary>Where a job lives: its organisation and id. Blob stores key traces by it.</summary>
public readonly record struct JobKey(string Org, JobId Id);
