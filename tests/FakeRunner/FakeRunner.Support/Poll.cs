namespace FakeRunner.Support;

/// <summary>Waits for what another process does, checking often, up to a deadline that names what it waited for.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static T For<T>(Func<T?> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"waited {(timeout ?? DefaultTimeout).TotalSeconds} s for {what}");
            }
            Thread.Sleep(20);
        }
    }

    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        For(() => condition() ? string.Empty : null, what, timeout);
}
