using System.Diagnostics.CodeAnalysis;
using System.Net;
using Ashiato.Tracer.Net;

namespace Ashiato.Tracer.Dns;

/// <summary>
/// Remembers which DNS answers gave which addresses, for the whole trace, so a later <c>net_connect</c> can carry the
/// name its address came from.
/// </summary>
/// <remarks>
/// When several names answered the same address (CDNs, shared hosts), the answer given to the closest relative of
/// the connecting process wins: the process itself, then its parent or child, then siblings, and so on through the
/// process tree; among equally close answers the most recent one wins, and answers to unrelated processes count
/// only when no relative has one. Not thread-safe: it lives in one stage of the pipeline.
/// </remarks>
public sealed class HostnameResolver
{
    /// <summary>Deeper trees are real but rare; the bound also stops a cycle made by pid reuse.</summary>
    private const int MaxAncestryDepth = 256;

    private readonly IProcessAncestry _ancestry;
    private readonly int _maxAnswersPerAddress;
    private readonly Dictionary<IPAddress, List<Answer>> _answersByAddress = [];
    private long _sequence;

    /// <param name="ancestry">The process tree.</param>
    /// <param name="maxAnswersPerAddress">How many (process, name) answers to keep per address; the oldest go first.</param>
    public HostnameResolver(IProcessAncestry ancestry, int maxAnswersPerAddress = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAnswersPerAddress, 1);
        _ancestry = ancestry;
        _maxAnswersPerAddress = maxAnswersPerAddress;
    }

    /// <summary>Number of distinct addresses remembered.</summary>
    public int AddressCount => _answersByAddress.Count;

    /// <summary>
    /// Records that a DNS reply to process <paramref name="pid"/> for <paramref name="hostname"/> (the name as queried)
    /// gave <paramref name="addresses"/> at <paramref name="timestamp"/> (any clock that only moves forward, e.g.
    /// kernel nanoseconds).
    /// </summary>
    public void RecordAnswer(int pid, string hostname, IEnumerable<IPAddress> addresses, long timestamp)
    {
        foreach (IPAddress raw in addresses)
        {
            IPAddress address = IPAddressNormalizer.Normalize(raw);
            if (!_answersByAddress.TryGetValue(address, out List<Answer>? answers))
            {
                answers = [];
                _answersByAddress.Add(address, answers);
            }

            var answer = new Answer(pid, hostname, timestamp, _sequence++);
            int existing = answers.FindIndex(a => a.Pid == pid && string.Equals(a.Hostname, hostname, StringComparison.OrdinalIgnoreCase));
            if (existing >= 0)
            {
                answers[existing] = answer;
                continue;
            }

            if (answers.Count == _maxAnswersPerAddress)
            {
                answers.RemoveAt(IndexOfOldest(answers));
            }

            answers.Add(answer);
        }
    }

    /// <summary>The name whose answer gave <paramref name="address"/>, chosen for process <paramref name="pid"/>.</summary>
    public bool TryGetHostname(IPAddress address, int pid, [NotNullWhen(true)] out string? hostname)
    {
        hostname = null;
        if (!_answersByAddress.TryGetValue(IPAddressNormalizer.Normalize(address), out List<Answer>? answers))
        {
            return false;
        }

        List<int> lineage = Lineage(pid);
        Answer? best = null;
        int bestDistance = int.MaxValue;
        foreach (Answer answer in answers)
        {
            int distance = TreeDistance(lineage, answer.Pid);
            if (best is null || distance < bestDistance || (distance == bestDistance && IsNewer(answer, best.Value)))
            {
                best = answer;
                bestDistance = distance;
            }
        }

        hostname = best?.Hostname;
        return hostname is not null;
    }

    private static bool IsNewer(Answer a, Answer b) =>
        a.Timestamp > b.Timestamp || (a.Timestamp == b.Timestamp && a.Sequence > b.Sequence);

    private static int IndexOfOldest(List<Answer> answers)
    {
        int oldest = 0;
        for (int i = 1; i < answers.Count; i++)
        {
            if (IsNewer(answers[oldest], answers[i]))
            {
                oldest = i;
            }
        }

        return oldest;
    }

    /// <summary>The process followed by its ancestors, nearest first.</summary>
    private List<int> Lineage(int pid)
    {
        var lineage = new List<int> { pid };
        int current = pid;
        while (lineage.Count < MaxAncestryDepth && _ancestry.TryGetParent(current, out int parent) && !lineage.Contains(parent))
        {
            lineage.Add(parent);
            current = parent;
        }

        return lineage;
    }

    /// <summary>Edges between the connecting process and <paramref name="pid"/> through their nearest common ancestor.</summary>
    private int TreeDistance(List<int> connectingLineage, int pid)
    {
        List<int> otherLineage = Lineage(pid);
        for (int up = 0; up < otherLineage.Count; up++)
        {
            int common = connectingLineage.IndexOf(otherLineage[up]);
            if (common >= 0)
            {
                return common + up;
            }
        }

        return int.MaxValue;
    }

    private readonly record struct Answer(int Pid, string Hostname, long Timestamp, long Sequence);
}
