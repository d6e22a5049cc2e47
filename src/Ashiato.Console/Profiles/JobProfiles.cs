using System.Text.Json;
using Ashiato.Events.Jsonl;
using Ashiato.Web.Backends;
using Ashiato.Web.Engines;
using Ashiato.Web.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace Ashiato.Web.Profiles;

/// <summary>
/// Profiles of stored traces, built on first view and kept in a cache weighed by their memory. A build waits its turn
/// at the profiles' <see cref="IEngineGate"/>, keeps within its <see cref="ProfileBudget"/>, is shared by every viewer
/// who asks meanwhile, and is cancelled when the last of them goes away. A failed build is remembered, so that every
/// view does not repeat it. Also pages through one process's raw events, read from the trace on demand.
/// </summary>
public sealed class JobProfiles(ITraceBlobStore blobs, EngineGates gates, EngineOptions options, ILogger<JobProfiles> log) : IDisposable
{
    private static readonly TimeSpan FailureKept = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.ProfileCacheMb) });
    private readonly Lock _lock = new();
    private readonly Dictionary<JobKey, Build> _building = [];

    /// <summary>Raised when a build stopped because every viewer left, for tests and logs.</summary>
    public event Action<JobKey>? BuildCancelled;

    public async Task<JobProfile> GetAsync(JobKey key, CancellationToken ct)
    {
        if (_cache.TryGetValue(key, out Outcome? known) && known is not null)
        {
            return known.Profile ?? throw Unavailable(known.Failure!);
        }
        Build build;
        lock (_lock)
        {
            if (!_building.TryGetValue(key, out build!))
            {
                build = new Build();
                _building.Add(key, build);
                build.Task = RunAsync(key, build);
            }
            build.Viewers++;
        }
        try
        {
            return await build.Task.WaitAsync(ct);
        }
        finally
        {
            lock (_lock)
            {
                if (--build.Viewers == 0 && !build.Task.IsCompleted)
                {
                    build.Stop.Cancel();
                }
            }
        }
    }

    public void Forget(JobKey key) => _cache.Remove(key);

    private static EngineUnavailableException Unavailable(Exception failure) =>
        new("the views of this job could not be built; the server log has the details", failure);

    private async Task<JobProfile> RunAsync(JobKey key, Build build)
    {
        await Task.Yield(); // never run under the caller's lock
        try
        {
            using (await gates.Profiles.EnterAsync(key.Org, build.Stop.Token))
            {
                var profile = await Task.Run(() => BuildProfile(key, build.Stop.Token), build.Stop.Token);
                Remember(key, new Outcome(profile, null), Math.Max(1, profile.RetainedBytes >> 20));
                return profile;
            }
        }
        catch (OperationCanceledException) when (build.Stop.IsCancellationRequested)
        {
            BuildCancelled?.Invoke(key);
            throw;
        }
        catch (Exception e) when (e is not (OperationCanceledException or EngineBusyException))
        {
            log.LogWarning(e, "the views of job {Job} could not be built", key.Id);
            Remember(key, new Outcome(null, e), 1, FailureKept);
            throw Unavailable(e);
        }
        finally
        {
            lock (_lock)
            {
                _building.Remove(key);
            }
        }
    }

    private void Remember(JobKey key, Outcome outcome, long sizeMb, TimeSpan? expiry = null) =>
        _cache.Set(key, outcome, new MemoryCacheEntryOptions
        {
            Size = sizeMb,
            SlidingExpiration = expiry is null ? TimeSpan.FromMinutes(10) : null,
            AbsoluteExpirationRelativeToNow = expiry,
        });

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

    private JobProfile BuildProfile(JobKey key, CancellationToken ct)
    {
        using var reader = OpenReader(key);
        var builder = new ProfileBuilder(new ProfileBudget((long)options.ProfileBudgetMb << 20));
        while (reader.TryReadLine(out var line))
        {
            if ((line.Number & 0x3ff) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
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

    /// <summary>A build in progress: who waits for it, and how to stop it when nobody does any more.</summary>
    private sealed class Build
    {
        public Task<JobProfile> Task { get; set; } = null!;

        public CancellationTokenSource Stop { get; } = new();

        public int Viewers { get; set; }
    }

    /// <summary>A finished build: the profile, or why there is none.</summary>
    private sealed record Outcome(JobProfile? Profile, Exception? Failure);
}
