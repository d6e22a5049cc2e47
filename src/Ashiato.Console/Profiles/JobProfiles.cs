using System.Text.Json;
using Ashiato.Events.Jsonl;
using Ashiato.Web.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Ashiato.Web.Profiles;

/// <summary>
/// Profiles of stored traces, built on first view and kept in a small cache. Also pages through one process's raw
/// events, which are read from the trace on demand rather than kept in memory.
/// </summary>
public sealed class JobProfiles(ITraceBlobStore blobs) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 16 });

    public async Task<JobProfile> GetAsync(JobKey key, CancellationToken ct)
    {
        var building = _cache.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = TimeSpan.FromMinutes(10);
            // Built off the request's token: a cancelled first viewer must not poison the entry for the next one.
            return Task.Run(() => Build(key), CancellationToken.None);
        })!;
        try
        {
            return await building.WaitAsync(ct);
        }
        catch when (building.IsFaulted)
        {
            _cache.Remove(key); // A failed build is retried by the next viewer rather than remembered.
            throw;
        }
    }

    public void Forget(JobKey key) => _cache.Remove(key);

    /// <summary>The raw events of one process, as JSON, in trace order.</summary>
    public (IReadOnlyList<JsonElement> Items, bool More) EventsOf(JobKey key, int pid, int offset, int limit, CancellationToken ct)
    {
        using var reader = OpenReader(key);
        var items = new List<JsonElement>();
        var seen = 0;
        while (reader.TryReadLine(out var line))
        {
            if ((line.Number & 0x3ff) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            if (PidOf(line.Utf8.Span) != pid)
            {
                continue;
            }
            if (seen++ < offset)
            {
                continue;
            }
            if (items.Count == limit)
            {
                return (items, true);
            }
            var json = new Utf8JsonReader(line.Utf8.Span);
            items.Add(JsonElement.ParseValue(ref json));
        }
        return (items, false);
    }

    private JobProfile Build(JobKey key)
    {
        using var reader = OpenReader(key);
        var builder = new ProfileBuilder();
        while (reader.TryReadLine(out var line))
        {
            builder.Add(line.Utf8.Span);
        }
        return builder.Build();
    }

    private TraceLineReader OpenReader(JobKey key)
    {
        var stream = blobs.OpenRead(key) ?? throw new FileNotFoundException($"the trace of job {key.Id} is missing");
        return new TraceLineReader(stream, key.Id.Value);
    }

    private static int? PidOf(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isPid = reader.ValueTextEquals("pid"u8);
            reader.Read();
            if (isPid)
            {
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var pid) ? pid : null;
            }
            reader.Skip();
        }
        return null;
    }

    public void Dispose() => _cache.Dispose();
}
