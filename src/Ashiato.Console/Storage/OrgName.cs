using Ashiato.Events;

namespace Ashiato.Web.Storage;

/// <summary>Organisation names: short, lowercase and safe to use as a folder name.</summary>
public static class OrgName
{
    public const string Default = "default";

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= 63 }
        && char.IsAsciiLetterLower(name[0]) | char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    /// <summary>Returns <paramref name="name"/> when valid; otherwise throws a message for the user.</summary>
    public static string Require(string? name) => IsValid(name)
        ? name!
        : throw new UserFacingException(
            $"'{name}' is not a valid organisation name: use 1 to 63 lowercase letters, digits, '-' or '_', starting with a letter or digit");
}
