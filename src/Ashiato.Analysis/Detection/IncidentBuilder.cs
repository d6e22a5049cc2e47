using Ashiato.Analysis.Processes;

namespace Ashiato.Analysis.Detection;

/// <summary>
/// Groups findings into incidents: by the job and step they happened in, else by the command of the traced workload
/// they ran under (the trace root's child in their ancestry, so that everything one script line started is one
/// incident and two unrelated commands are two). Pure.
/// </summary>
public static class IncidentBuilder
{
    public static IReadOnlyList<Incident> Build(IReadOnlyList<Finding> findings)
    {
        var groups = findings
            .GroupBy(Key)
            .Select(g => g.OrderBy(f => f.FirstSeen, StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList())
            .OrderByDescending(g => g.Max(f => f.Severity))
            .ThenBy(g => g[0].FirstSeen, StringComparer.Ordinal)
            .ToList();
        return [.. groups.Select((g, i) =>
        {
            var chain = CommonChain(g);
            var step = g.Select(f => f.Step).FirstOrDefault(s => s is not null);
            var scope = step is not null ? step.Describe()
                : chain.Count > 0 ? $"{string.Join(" > ", chain.Select(s => s.Program))} (pid {chain[^1].Pid})"
                : "the trace";
            return new Incident(i + 1, g.Max(f => f.Severity), scope, step, chain, g);
        })];
    }

    private static string Key(Finding finding)
    {
        if (finding.Step is { } step)
        {
            return $"job {step.JobId} step {step.Number}";
        }
        var chain = finding.Ancestry;
        if (chain.Count == 0)
        {
            return $"pid {finding.Pid}";
        }
        // The root's first child: one command of the traced script. The root's own successive images (a wrapper that
        // execs the workload: nsenter, env, sh -c … exec) are one process, so the child is the first other pid.
        var command = chain.FirstOrDefault(s => s.Pid != chain[0].Pid) ?? chain[^1];
        return $"process {command.Pid} {command.Timestamp}";
    }

    private static List<ProcessStep> CommonChain(IReadOnlyList<Finding> findings)
    {
        var common = findings[0].Ancestry.ToList();
        foreach (var finding in findings.Skip(1))
        {
            var length = 0;
            while (length < common.Count && length < finding.Ancestry.Count
                && common[length].Pid == finding.Ancestry[length].Pid && common[length].Timestamp == finding.Ancestry[length].Timestamp)
            {
                length++;
            }
            common.RemoveRange(length, common.Count - length);
        }
        return common;
    }
}
