using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Api;

/// <summary>
/// A console under a flood of queries and uploads. Run alone, after the other tests (its collection disables
/// parallelisation): the flood's twenty detection children and fifty query workers fill both cores for a minute or two,
/// and tests beside it that start a server of their own then missed their one-minute start-up waits.
/// </summary>
[Trait("Category", "services")]
[Collection(Name)]
public sealed class QueryFloodTests : IDisposable
{
    public const string Name = "query flood, alone";

    private readonly SandboxBackends _sandbox = new();

    [Fact]
    public async Task Fifty_parallel_queries_with_twenty_parallel_uploads_lose_nothing()
    {
        await using var console = await RunningConsole.StartAsync(_sandbox.Backends);
        var client = console.Client();
        var id = await console.UploadAsync(client, SampleTrace.Gzip(SampleTrace.Demo()));
        var bodies = Enumerable.Range(0, 20).Select(i => SampleTrace.Gzip(SampleTrace.Busy(100 + i))).ToList();

        var uploads = bodies.Select((b, i) => console.UploadAsync(client, b, $"load #{i}")).ToList();
        var queries = Enumerable.Range(0, 50).Select(async _ =>
        {
            var response = await client.PostAsJsonAsync($"/api/jobs/{id}/query",
                new { sql = "SELECT count(*) FROM events WHERE json_extract_string(data, '$.type') = 'file_write'" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0][0].GetInt64();
        }).ToList();
        var ids = await Task.WhenAll(uploads);
        var counts = await Task.WhenAll(queries);

        Assert.All(counts, c => Assert.Equal(121, c));
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(bodies[i], await client.GetByteArrayAsync($"/api/jobs/{ids[i]}/trace.jsonl.gz"));
        }
    }

    public void Dispose() => _sandbox.Dispose();
}

[CollectionDefinition(QueryFloodTests.Name, DisableParallelization = true)]
public sealed class QueryFloodCollection;
