namespace Ashiato.Tracer.Tests.Support;

/// <summary>Waiting for something another process does, without guessing how long it takes on a loaded machine.</summary>
public static class Poll
{
    /// <summary>Checks <paramref name="condition"/> every 20 ms until it holds; after 30 s, fails naming <paramref name="what"/>.</summary>
    public static void Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"waited 30 s for {what}");
            }
            Thread.Sleep(20);
        }
    }
}
