using System.Text.Json;
using System.Text.Json.Serialization;
using Ashiato.Events;
using Ashiato.Web.Api;
using Ashiato.Web.Auth;
using Ashiato.Web.Backends;
using Ashiato.Web.Engines;
using Ashiato.Web.Ingest;
using Ashiato.Web.Pages;
using Ashiato.Web.Profiles;
using Ashiato.Web.Retention;
using Ashiato.Web.Storage;
using Ashiato.Web.Streams;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Logging;

namespace Ashiato.Web;

/// <summary>Composition only: wires the store, auth, API, pages and background sweep into one web application.</summary>
public static class ConsoleHost
{
    private const string AnyScheme = "token-or-session";

    public static async Task<ConsoleServer> StartAsync(
        ConsoleOptions options, ConsoleBackends backends, TimeProvider? time = null, CancellationToken ct = default)
    {
        options.Validate();
        var app = Build(options, backends, time ?? TimeProvider.System);
        try
        {
            var generated = await app.Services.GetRequiredService<TokenIssuer>().BootstrapAdminAsync(options.AdminToken, ct);
            await app.Services.GetRequiredService<StartupRecovery>().RunAsync(ct);
            await app.StartAsync(ct);
            return new ConsoleServer(app, generated);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new UserFacingException($"cannot listen on {string.Join(", ", options.Urls)}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public static WebApplication Build(ConsoleOptions options, ConsoleBackends backends, TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ConsoleHost).Assembly.GetName().Name });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Ashiato", LogLevel.Information)
            // Failed sign-ins are answered with 401; logging each one would only flood the console.
            .AddFilter("Ashiato.Web.Auth", LogLevel.Warning)
            // Keys live next to the data they protect (the data directory), unencrypted like the catalog itself.
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        AddServices(builder.Services, options, backends, time);

        var app = builder.Build();
        // Behind a TLS-terminating proxy on this machine the request is https: the session cookie must stay Secure.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost });
        app.UseExceptionHandler(errors => errors.Run(WriteErrorAsync));
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealth().MapJobs().MapTrace().MapStreams().MapViews().MapQuery().MapDetections().MapOrgs().MapRetention().MapPages();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }

    private static void AddServices(IServiceCollection services, ConsoleOptions options, ConsoleBackends backends, TimeProvider time)
    {
        services.AddSingleton(options).AddSingleton(backends).AddSingleton(time).AddSingleton(options.Engines);
        services.AddSingleton<EngineGates>().AddSingleton<EngineRuns>();
        services.AddSingleton(new SqliteDatabase(options.DataDirectory));
        services.AddSingleton<IJobCatalog, SqliteJobCatalog>();
        services.AddSingleton<ITokenStore, SqliteTokenStore>();
        services.AddSingleton<ITraceBlobStore>(new FileTraceBlobStore(options.DataDirectory));
        services.AddSingleton<TokenIssuer>().AddSingleton<TokenAuthenticator>().AddSingleton<AuthThrottle>();
        services.AddSingleton<StartupRecovery>();
        services.AddSingleton<TraceUploads>().AddSingleton<JobRemoval>().AddSingleton<JobProfiles>().AddSingleton<EmbeddedSite>();
        services.AddSingleton<RetentionSweeper>().AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        services.AddSingleton<AfterUpload>().AddHostedService(sp => sp.GetRequiredService<AfterUpload>());
        services.AddSingleton<StreamStore>().AddSingleton<JobStreams>().AddHostedService<StreamWatchdog>();

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddOpenApi();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.FormFieldName = "csrf";
            antiforgery.Cookie.Name = "ashiato_csrf";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys")))
            .SetApplicationName("ashiato-console");
        services.AddAuthentication(AnyScheme)
            .AddPolicyScheme(AnyScheme, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0 ? BearerTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(ConfigureSessionCookie);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAuthorization(ConsolePolicies.Add);
    }

    private static void ConfigureSessionCookie(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = "ashiato_session";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
        cookie.SlidingExpiration = true;
        // An API answers 401/403; it never redirects to a login page.
        cookie.Events.OnRedirectToLogin = context => SetStatus(context.Response, StatusCodes.Status401Unauthorized);
        cookie.Events.OnRedirectToAccessDenied = context => SetStatus(context.Response, StatusCodes.Status403Forbidden);
        // A session lives only as long as its token: deleting an organisation ends its sessions too.
        cookie.Events.OnValidatePrincipal = async context =>
        {
            var tokenId = context.Principal?.FindFirst(ConsoleClaims.TokenId)?.Value;
            var store = context.HttpContext.RequestServices.GetRequiredService<ITokenStore>();
            if (tokenId is null || await store.FindAsync(tokenId, context.HttpContext.RequestAborted) is null)
            {
                context.RejectPrincipal();
            }
        };
    }

    private static Task SetStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>ENOSPC from a file write (.NET puts the errno in HResult) or SQLITE_FULL from the catalog.</summary>
    private static bool IsDiskFull(Exception? error) => error switch
    {
        IOException io => io.HResult == NoSpaceLeft,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == SqliteFull,
        _ => false,
    };

    private const int NoSpaceLeft = 28, SqliteFull = 13;

    /// <summary>A user's mistake gets its message; anything else gets a generic one. Never a stack trace.</summary>
    private static async Task WriteErrorAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, message) = error switch
        {
            _ when IsDiskFull(error) => (StatusCodes.Status507InsufficientStorage,
                "the server's disk is full: nothing was stored; an operator must free space (or shorten retention) first"),
            EngineBusyException busy => (StatusCodes.Status429TooManyRequests, busy.Message),
            EngineUnavailableException unavailable => (StatusCodes.Status503ServiceUnavailable, unavailable.Message),
            UserFacingException user => (StatusCodes.Status400BadRequest, user.Message),
            _ => (StatusCodes.Status500InternalServerError, "internal error; the server log has the details"),
        };
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new ApiError(message));
    }
}
