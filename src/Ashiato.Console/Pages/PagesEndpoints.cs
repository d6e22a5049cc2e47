using System.Net;
using System.Security.Claims;
using System.Text;
using Ashiato.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Ashiato.Web.Pages;

/// <summary>
/// The pages: one HTML shell plus assets for signed-in users. Without a session every page answers 401 and carries
/// the sign-in form, which trades a token for a session cookie.
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

    private static IResult Shell(ClaimsPrincipal user, EmbeddedSite site) =>
        IsSignedIn(user) ? TypedResults.Bytes(site.Get("index.html").Bytes, "text/html; charset=utf-8") : SignInPage(site, null);

    private static IResult Asset(string path, ClaimsPrincipal user, EmbeddedSite site, HttpContext http)
    {
        if (!IsSignedIn(user))
        {
            return SignInPage(site, null);
        }
        if (site.Find(path) is not { } file || path.EndsWith(".html", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(file.Bytes, file.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(file.ETag));
    }

    private static async Task<IResult> SignInAsync(HttpContext http, TokenAuthenticator authenticator, EmbeddedSite site)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var token = await authenticator.AuthenticateAsync(form["token"].ToString().Trim(), http.RequestAborted);
        if (token is null)
        {
            return SignInPage(site, "That token is not valid.");
        }
        if (token.Role == TokenRole.Ingest)
        {
            return SignInPage(site, "That is an ingest token: it can upload traces but not open the console.");
        }
        var scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        await http.SignInAsync(scheme, ConsoleClaims.ToPrincipal(token, scheme));
        return TypedResults.Redirect("/");
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Redirect("/");
    }

    private static bool IsSignedIn(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    private static IResult SignInPage(EmbeddedSite site, string? error)
    {
        var html = Encoding.UTF8.GetString(site.Get("signin.html").Bytes)
            .Replace("<!--error-->", error is null ? "" : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>", StringComparison.Ordinal);
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status401Unauthorized);
    }
}
