using System.Reflection;
using System.Security.Cryptography;

namespace Ashiato.Web.Pages;

/// <summary>The console's HTML, CSS and JavaScript, embedded in this assembly (no build step, no files to deploy).</summary>
public sealed class EmbeddedSite
{
    private const string Prefix = "site/";
    private readonly Dictionary<string, SiteFile> _files = new(StringComparer.Ordinal);

    public EmbeddedSite()
    {
        var assembly = typeof(EmbeddedSite).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var path = name[Prefix.Length..].Replace('\\', '/');
            _files[path] = new SiteFile(bytes, ContentTypeOf(path), "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }
    }

    public SiteFile? Find(string path) => _files.GetValueOrDefault(path);

    public SiteFile Get(string path) => Find(path) ?? throw new InvalidOperationException($"{path} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}

public sealed record SiteFile(byte[] Bytes, string ContentType, string ETag);
