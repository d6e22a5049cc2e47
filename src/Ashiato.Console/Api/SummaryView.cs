using System.Text.Json.Nodes;
using Ashiato.Web.Profiles;
using Ashiato.Web.Storage;

namespace Ashiato.Web.Api;

/// <summary>The Summary tab's figures, computed from a profile. Pure.</summary>
public static class SummaryView
{
    private const int Top = 10;

    public static SummaryResponse From(JobProfile profile, JobRecord job)
    {
        var topHosts = profile.Hosts.Select(h => new Ranked(h.Host, h.Connections))
            .Concat(profile.Dns.Where(d => profile.Hosts.All(h => h.Host != d.Hostname)).Select(d => new Ranked(d.Hostname, 0)))
            .Take(Top).ToList();
        var topExecutables = profile.Processes.Values.SelectMany(p => p.Execs)
            .GroupBy(e => e.Exe ?? e.Filename, StringComparer.Ordinal)
            .Select(g => new Ranked(g.Key, g.LongCount()))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Name, StringComparer.Ordinal).Take(Top).ToList();
        return new SummaryResponse(profile.Counts, profile.First, profile.Last,
            profile.First is { } f && profile.Last is { } l ? (long)(l - f).TotalMilliseconds : null,
            profile.Meta, CompletenessOf(profile, job), topHosts, topExecutables,
            profile.Files.Count(file => file.Sensitive is not null), job.Detections);
    }

    private static Completeness CompletenessOf(JobProfile profile, JobRecord job)
    {
        var stats = profile.Stats;
        var dropped = job.Trace?.Dropped ?? 0;
        var truncations = job.Trace?.Truncations ?? 0;
        var endedCleanly = job.Trace?.EndedCleanly ?? false;
        var problems = new List<string>();
        if (stats is null)
        {
            problems.Add("the trace has no tracer_stats line: losses cannot be ruled out");
        }
        else if (!endedCleanly)
        {
            problems.Add("the tracer did not end cleanly: events after its last report may be missing");
        }
        if (dropped > 0)
        {
            problems.Add($"{dropped} events were dropped by the tracer");
        }
        if (truncations > 0)
        {
            problems.Add($"{truncations} arguments or paths were truncated");
        }
        if (profile.Partial)
        {
            problems.Add("the trace is too large for the console's views: some processes, files or hosts are left out of these tabs (the Query tab and the download have everything)");
        }
        return new Completeness(problems.Count == 0, endedCleanly, dropped, stats?["dropped"]?.DeepClone(), truncations, problems);
    }
}
