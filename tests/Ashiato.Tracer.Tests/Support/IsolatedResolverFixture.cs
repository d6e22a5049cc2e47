namespace Ashiato.Tracer.Tests.Support;

/// <summary>One sandbox (UDP, as glibc uses by default) shared by a test class.</summary>
public sealed class IsolatedResolverFixture : IAsyncLifetime
{
    public IsolatedResolver Resolver { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Resolver = IsolatedResolver.Start(TestZone.Create());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Resolver.DisposeAsync();
}
