using Ashiato.Events;

namespace Ashiato.Web;

/// <summary>Turns <c>--listen</c> values (<c>127.0.0.1:8080</c>, <c>[::1]:8080</c>, <c>http://host:port</c>) into URLs.</summary>
public static class ListenAddress
{
    public static string ToUrl(string listen)
    {
        var url = listen.Contains("://", StringComparison.Ordinal) ? listen : "http://" + listen;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.IsDefaultPort && !listen.EndsWith(":80", StringComparison.Ordinal))
        {
            throw new UserFacingException($"'{listen}' is not an address to listen on: use HOST:PORT, for example 127.0.0.1:8080");
        }
        return $"http://{uri.Authority}";
    }
}
