using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ashiato.Web;

/// <summary>A started console: where it listens, and the admin token when this start generated one.</summary>
public sealed class ConsoleServer(WebApplication app, string? generatedAdminToken) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    /// <summary>Shown once by <c>ashiato serve</c>; null unless this was the first start without ASHIATO_ADMIN_TOKEN.</summary>
    public string? GeneratedAdminToken { get; } = generatedAdminToken;

    public IReadOnlyList<string> Urls =>
        [.. App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    public IServiceProvider Services => App.Services;

    public Task WaitForShutdownAsync(CancellationToken ct) => App.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
