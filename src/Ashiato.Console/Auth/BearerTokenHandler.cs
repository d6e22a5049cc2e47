using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ashiato.Web.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the token store.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var attempt = await authenticator.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.Connection.RemoteIpAddress?.ToString(), Context.RequestAborted);
        if (attempt.Throttled)
        {
            Context.Items[ThrottledItem] = true;
            return AuthenticateResult.Fail("too many failed authentications");
        }
        return attempt.Token is not { } token
            ? AuthenticateResult.Fail("invalid token")
            : AuthenticateResult.Success(new AuthenticationTicket(ConsoleClaims.ToPrincipal(token, SchemeName), SchemeName));
    }

    private const string ThrottledItem = "ashiato:auth-throttled";

    /// <summary>A throttled caller hears 429 and when to come back, not a plain 401.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(ThrottledItem))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)AuthThrottle.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Response.WriteAsJsonAsync(new Api.ApiError("too many failed authentications from here or for this token; try again in a minute"));
            return;
        }
        await base.HandleChallengeAsync(properties);
    }
}
