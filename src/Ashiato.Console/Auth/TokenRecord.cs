namespace Ashiato.Web.Auth;

/// <summary>A stored token: only the SHA-256 of its secret is kept.</summary>
public sealed record TokenRecord(string Id, string Org, TokenRole Role, byte[] SecretSha256, string? Name, DateTimeOffset CreatedAt);
