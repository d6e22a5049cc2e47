using System.Net;
using Ashiato.Web.Auth;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Hardening;

/// <summary>Guessing tokens online: failures are counted per source address and per token id.</summary>
[Trait("Category", "services")]
public sealed class AuthThrottleTests
{
    [Fact]
    public async Task A_source_that_keeps_failing_is_refused_with_429_until_its_window_ends()
    {
        await using var console = await RunningConsole.StartAsync();
        var guesser = console.Client("ash_0123456789ab_guess");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < AuthThrottle.MaxFailures + 1; i++)
        {
            answers.Add((await guesser.GetAsync("/api/jobs")).StatusCode);
        }
        var honestFromThere = await console.Client().GetAsync("/api/jobs");
        console.Time.Advance(AuthThrottle.Window);
        var later = await console.Client().GetAsync("/api/jobs");

        Assert.All(answers.Take(AuthThrottle.MaxFailures), a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, honestFromThere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Guesses_at_one_token_from_many_addresses_lock_that_token_only()
    {
        await using var console = await RunningConsole.StartAsync();
        var reader = await console.CreateTokenAsync("default", TokenRole.Read);
        var id = reader["ash_".Length..reader.IndexOf('_', "ash_".Length)];

        for (var i = 0; i < AuthThrottle.MaxFailures; i++)
        {
            // Each guess comes from another address (a trusted proxy on loopback forwards them).
            using var guess = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
            guess.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            guess.Headers.Authorization = new("Bearer", $"ash_{id}_wrong-secret-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await console.Client(null).SendAsync(guess)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await console.Client(reader).GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await console.Client().GetAsync("/api/jobs")).StatusCode);
    }
}
