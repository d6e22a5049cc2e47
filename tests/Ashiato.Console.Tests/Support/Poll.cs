namespace Ashiato.Web.Tests.Support;

/// <summary>Waiting for something the server or another process does, without guessing how long it takes on a loaded machine.</summary>
public static class Poll
{
    /// <summary>Checks <paramref name="condition"/> every 20 ms until it holds; after 60 s, fails naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"waited 60 s for {what}");
            }
            await Task.Delay(20);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);
}
