using System.Net;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Hardening;

/// <summary>Sign-in and sign-out forms against cross-site posts; the session cookie behind a TLS proxy.</summary>
[Trait("Category", "services")]
public sealed class SessionHardeningTests
{
    [Fact]
    public async Task A_cross_site_page_cannot_sign_a_victim_in_or_out()
    {
        await using var console = await RunningConsole.StartAsync();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var victim = new HttpClient(handler) { BaseAddress = console.BaseUrl };

        // The attacker's page posts its own admin token to the console, as a hidden auto-submitting form would.
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent([new("token", RunningConsole.AdminToken)]),
        };
        crossSite.Headers.Add("Origin", "https://evil.example");
        var fromElsewhere = await victim.SendAsync(crossSite);
        var withoutForm = await victim.PostAsync("/signin", new FormUrlEncodedContent([new("token", RunningConsole.AdminToken)]));

        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutForm.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await victim.GetAsync("/api/jobs")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await RunningConsole.PostFormAsync(victim, "/signin", RunningConsole.AdminToken)).StatusCode);
        var signOut = new HttpRequestMessage(HttpMethod.Post, "/signout") { Content = new FormUrlEncodedContent([]) };
        signOut.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await victim.SendAsync(signOut)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/api/jobs")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_tls_proxy_the_session_cookie_is_secure()
    {
        await using var console = await RunningConsole.StartAsync();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var proxy = new HttpClient(handler) { BaseAddress = console.BaseUrl };
        proxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var form = await proxy.GetAsync("/");
        var csrfCookie = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ashiato_csrf=", StringComparison.Ordinal));
        var page = await form.Content.ReadAsStringAsync();
        var csrf = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"csrf\" value=\"([^\"]+)\"").Groups[1].Value);
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent([new("token", RunningConsole.AdminToken), new("csrf", csrf)]),
        };
        signIn.Headers.Add("Cookie", csrfCookie.Split(';')[0]);
        var response = await proxy.SendAsync(signIn);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ashiato_session=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", csrfCookie, StringComparison.OrdinalIgnoreCase);
    }
}
