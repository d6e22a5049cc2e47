namespace FakeRunner.Protocol;

/// <summary>A repository action as <c>uses:</c> names it: <c>owner/repo[/path]@ref</c>.</summary>
public sealed record ActionReference(string Owner, string Repo, string? Path, string Ref)
{
    public string NameWithOwner => $"{Owner}/{Repo}";

    public static ActionReference Parse(string uses)
    {
        var at = uses.LastIndexOf('@');
        var parts = at > 0 ? uses[..at].Split('/') : [];
        if (parts.Length < 2 || parts.Any(string.IsNullOrEmpty) || at == uses.Length - 1)
        {
            throw new InvalidDataException($"uses: '{uses}' is not owner/repo[/path]@ref (local and docker actions are not supported by the fake runner)");
        }
        var path = parts.Length > 2 ? string.Join('/', parts[2..]) : null;
        return new ActionReference(parts[0], parts[1], path, uses[(at + 1)..]);
    }

    public override string ToString() => Path is null ? $"{NameWithOwner}@{Ref}" : $"{NameWithOwner}/{Path}@{Ref}";
}
