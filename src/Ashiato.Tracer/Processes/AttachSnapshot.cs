using Ashiato.Tracer.Abi;

namespace Ashiato.Tracer.Processes;

/// <summary>
/// What the tracer found when it attached (<c>--pid</c>, <c>--all</c>): the processes already running in scope, for
/// the snapshot records, and the job tags it gave running jobs, for the records those jobs made before the tags were
/// in the kernel (under <c>--all</c> everything is traced from the moment the programs attach).
/// </summary>
/// <param name="JobTags">The tags put in the kernel (or found there), by pid.</param>
/// <param name="TaggedBeforeNs">CLOCK_MONOTONIC when the last tag was in place: later records carry their own.</param>
public sealed record AttachSnapshot(IReadOnlyList<RunningProcess> Processes, IReadOnlyDictionary<int, JobTag> JobTags, ulong TaggedBeforeNs)
{
    /// <summary>A trace of a command: nothing ran in scope before it.</summary>
    public static readonly AttachSnapshot None = new([], new Dictionary<int, JobTag>(), 0);
}
