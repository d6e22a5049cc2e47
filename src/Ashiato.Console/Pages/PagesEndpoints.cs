using System.Net;
using System.Security.Claims;
using System.Text;
using Ashiato.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Ashiato.Web.Pages;

/// <summary>
/// The pages: one HTML shell plus assets for signed-in users. Without a session every page answers 401 and carries
/// the sign-in form, which trades a token for a session cookie. Signing in and out are forms, so both check that the
/// request comes from this site (its Origin, else its Referer) and carries the antiforgery token of the page that
/// showed the form: a cross-site page could otherwise sign a victim into the attacker's organisation, where the
/// victim's own uploads and queries would then land.
/// </summary>
public static class PagesEndpoints
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", Shell).AllowAnonymous().ExcludeFromDescription();
        routes.MapGet("/assets/{**path}", Asset).AllowAnonymous().ExcludeFromDescription();
        routes.MapPost("/signin", (Delegate)SignInAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        routes.MapPost("/signout", (Delegate)SignOutAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return routes;
    }

    private const string AntiforgeryPlaceholder = "<!--antiforgery-->";

    private static IResult Shell(ClaimsPrincipal user, EmbeddedSite site, HttpContext http, IAntiforgery antiforgery) =>
        IsSignedIn(user)
            ? TypedResults.Content(WithAntiforgery(site, "index.html", http, antiforgery), "text/html; charset=utf-8", Encoding.UTF8)
            : SignInPage(site, http, antiforgery, null);

    private static IResult Asset(string path, ClaimsPrincipal user, EmbeddedSite site, HttpContext http, IAntiforgery antiforgery)
    {
        if (!IsSignedIn(user))
        {
            return SignInPage(site, http, antiforgery, null);
        }
        if (site.Find(path) is not { } file || path.EndsWith(".html", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(file.Bytes, file.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(file.ETag));
    }

    private static async Task<IResult> SignInAsync(HttpContext http, TokenAuthenticator authenticator, EmbeddedSite site, IAntiforgery antiforgery)
    {
        if (await CrossSiteAsync(http, antiforgery) is { } refused)
        {
            return refused;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var attempt = await authenticator.AuthenticateAsync(form["token"].ToString().Trim(), http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
        if (attempt.Throttled)
        {
            return SignInPage(site, http, antiforgery, "Too many failed sign-ins: try again in a minute.", StatusCodes.Status429TooManyRequests);
        }
        if (attempt.Token is not { } token)
        {
            return SignInPage(site, http, antiforgery, "That token is not valid.");
        }
        if (token.Role == TokenRole.Ingest)
        {
            return SignInPage(site, http, antiforgery, "That is an ingest token: it can upload traces but not open the console.");
        }
        var scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        await http.SignInAsync(scheme, ConsoleClaims.ToPrincipal(token, scheme));
        return TypedResults.Redirect("/");
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (await CrossSiteAsync(http, antiforgery) is { } refused)
        {
            return refused;
        }
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Redirect("/");
    }

    private static bool IsSignedIn(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    private static IResult SignInPage(EmbeddedSite site, HttpContext http, IAntiforgery antiforgery, string? error, int status = StatusCodes.Status401Unauthorized)
    {
        var html = WithAntiforgery(site, "signin.html", http, antiforgery)
            .Replace("<!--error-->", error is null ? "" : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>", StringComparison.Ordinal);
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>The page with its forms' hidden antiforgery field (and the matching cookie set on the response).</summary>
    private static string WithAntiforgery(EmbeddedSite site, string page, HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var field = $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(tokens.FormFieldName)}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\">";
        return Encoding.UTF8.GetString(site.Get(page).Bytes).Replace(AntiforgeryPlaceholder, field, StringComparison.Ordinal);
    }

    /// <summary>403 for a form posted from another site, 400 for one without this site's antiforgery token; else null.</summary>
    private static async Task<IResult?> CrossSiteAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!SameOrigin(http.Request))
        {
            return TypedResults.Text("this form may only be sent from the console's own pages\n", statusCode: StatusCodes.Status403Forbidden);
        }
        return await antiforgery.IsRequestValidAsync(http)
            ? null
            : TypedResults.Text("the form has expired or did not come from this console: reload the page and try again\n", statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Whether a form post names this site as its origin. Browsers send Origin with every cross-site POST. Our own pages
    /// send "null" (their Referrer-Policy is no-referrer, which makes a form's Origin opaque) and no Referer, as do
    /// sandboxed frames: those are left to the antiforgery token, which no other site can read.
    /// </summary>
    private static bool SameOrigin(HttpRequest request)
    {
        var self = $"{request.Scheme}://{request.Host}";
        string? origin = request.Headers.Origin;
        if (!string.IsNullOrEmpty(origin) && origin != "null")
        {
            return string.Equals(origin, self, StringComparison.OrdinalIgnoreCase);
        }
        string? referer = request.Headers.Referer;
        return string.IsNullOrEmpty(referer)
            || (Uri.TryCreate(referer, UriKind.Absolute, out var uri) && string.Equals(uri.GetLeftPart(UriPartial.Authority), self, StringComparison.OrdinalIgnoreCase));
    }
}
