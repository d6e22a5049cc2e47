using Ashiato.Events;

namespace Ashiato.Query.Store;

/// <summary>A job store that cannot be read; the job can be rebuilt from its trace.</summary>
public sealed class JobStoreUnavailableException(string directory, string reason)
    : UserFacingException($"the job store {directory} cannot be used: {reason}; rebuild it from the trace")
{
    public string Directory { get; } = directory;
}
