namespace Ashiato.Web.Storage;

public sealed record JobPage(long Total, IReadOnlyList<JobRecord> Jobs);
