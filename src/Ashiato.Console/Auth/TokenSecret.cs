using System.Security.Cryptography;
using System.Text;

namespace Ashiato.Web.Auth;

/// <summary>
/// Token text: <c>ash_&lt;id&gt;_&lt;secret&gt;</c>. The id finds the stored row; the secret is checked against its
/// SHA-256 in constant time. A token in any other shape (an operator's own <c>ASHIATO_ADMIN_TOKEN</c>) is treated
/// as a secret under the fixed id <see cref="ExternalId"/>.
/// </summary>
public readonly record struct TokenSecret(string Id, string Secret)
{
    public const string ExternalId = "external";
    private const string Prefix = "ash_";

    public static TokenSecret Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new TokenSecret(id, secret);
    }

    public static TokenSecret Parse(string text)
    {
        if (text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var separator = text.IndexOf('_', Prefix.Length);
            if (separator == Prefix.Length + 12 && text.Length > separator + 1)
            {
                return new TokenSecret(text[Prefix.Length..separator], text[(separator + 1)..]);
            }
        }
        return new TokenSecret(ExternalId, text);
    }

    public byte[] Hash() => SHA256.HashData(Encoding.UTF8.GetBytes(Secret));

    public bool Matches(byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(), storedHash);

    public override string ToString() => Id == ExternalId ? Secret : $"{Prefix}{Id}_{Secret}";
}
