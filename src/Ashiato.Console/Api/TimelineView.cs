using Ashiato.Web.Profiles;

namespace Ashiato.Web.Api;

/// <summary>Histogram of events over time per type. Pure.</summary>
public static class TimelineView
{
    public const int MaxBuckets = 400;

    public static TimelineResponse From(JobProfile profile, int buckets)
    {
        buckets = Math.Clamp(buckets, 1, MaxBuckets);
        var captured = profile.Times.Where(p => p.Key is not ("trace_meta" or "tracer_stats")).ToList();
        if (profile.First is not { } first || profile.Last is not { } last || captured.Count == 0)
        {
            return new TimelineResponse(null, 0, 0, new Dictionary<string, long[]>());
        }
        var startUs = (first - DateTimeOffset.UnixEpoch).Ticks / 10;
        var spanUs = Math.Max(1, (last - DateTimeOffset.UnixEpoch).Ticks / 10 - startUs + 1);
        // Whole milliseconds per bucket keep the axis labels readable.
        var bucketUs = Math.Max(1000, (spanUs + buckets - 1) / buckets / 1000 * 1000 + 1000);
        var count = (int)Math.Min(buckets, (spanUs + bucketUs - 1) / bucketUs);
        var series = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (type, times) in captured)
        {
            var counts = new long[count];
            foreach (var t in times)
            {
                counts[Math.Clamp((int)((t - startUs) / bucketUs), 0, count - 1)]++;
            }
            series[type] = counts;
        }
        return new TimelineResponse(first, bucketUs / 1000, count, series);
    }
}
