using System.Reflection;
using Ashiato.Events;
using Ashiato.Query.Catalog;

namespace Ashiato.Analysis.Rules;

/// <summary>
/// The rules to run and the data they read: the registries package installs may reach, the webhook hosts where stolen
/// data is dropped, and the sensitive-path catalog. The built-in pack is embedded in this assembly;
/// <see cref="WithDirectory"/> adds a team's own: every <c>*.sql</c> file is a rule (one with a built-in rule's id
/// replaces it), every line of <c>egress-allowlist.txt</c> extends the allow-list, of <c>webhook-hosts.txt</c> the
/// webhook hosts, and the entries of <c>sensitive-paths.txt</c> come before the built-in catalog's.
/// </summary>
public sealed class RulePack
{
    public const string AllowListFileName = "egress-allowlist.txt";

    public const string WebhookHostsFileName = "webhook-hosts.txt";

    private const string RulePrefix = "rules/";
    private const string SupportPrefix = "support/";

    private RulePack(IReadOnlyList<RuleDefinition> rules, IReadOnlyList<string> egressAllowList, IReadOnlyList<string> webhookHosts, SensitivePathCatalog catalog)
    {
        Rules = rules;
        EgressAllowList = egressAllowList;
        WebhookHosts = webhookHosts;
        Catalog = catalog;
    }

    public IReadOnlyList<RuleDefinition> Rules { get; }

    /// <summary>Host patterns: an exact name, or <c>*.example.org</c> for the name and any name under it.</summary>
    public IReadOnlyList<string> EgressAllowList { get; }

    /// <summary>Where stolen data is dropped (chat webhooks, paste sites, request bins), as host patterns.</summary>
    public IReadOnlyList<string> WebhookHosts { get; }

    /// <summary>The sensitive paths the rules judge reads and writes by.</summary>
    public SensitivePathCatalog Catalog { get; }

    /// <summary>SQL run before the rules: the helper views they share (see README).</summary>
    public static string PreludeSql { get; } = ReadResource(SupportPrefix + "prelude.sql");

    public static RulePack BuiltIn()
    {
        var assembly = typeof(RulePack).Assembly;
        var rules = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(RulePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => RuleFileParser.Parse(ReadResource(n), "built-in"))
            .ToList();
        return new RulePack(
            rules,
            AllowList.Parse(ReadResource(SupportPrefix + AllowListFileName), "built-in " + AllowListFileName),
            AllowList.Parse(ReadResource(SupportPrefix + WebhookHostsFileName), "built-in " + WebhookHostsFileName),
            SensitivePathCatalog.BuiltIn());
    }

    /// <summary>This pack plus the rules and allow-list entries in <paramref name="directory"/>.</summary>
    public RulePack WithDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new UserFacingException($"{directory}: no such rules folder");
        }
        var added = Directory.EnumerateFiles(directory, "*.sql")
            .Order(StringComparer.Ordinal)
            .Select(path => RuleFileParser.Parse(File.ReadAllText(path), path))
            .ToList();
        var duplicate = added.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new UserFacingException($"{directory}: rule id '{duplicate.Key}' is used by {string.Join(" and ", duplicate.Select(r => r.Source))}");
        }
        var addedIds = added.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var catalogFile = Path.Combine(directory, SensitivePathCatalog.FileName);
        return new RulePack(
            [.. Rules.Where(r => !addedIds.Contains(r.Id)), .. added],
            [.. EgressAllowList, .. HostsIn(directory, AllowListFileName)],
            [.. WebhookHosts, .. HostsIn(directory, WebhookHostsFileName)],
            File.Exists(catalogFile) ? Catalog.WithFile(catalogFile) : Catalog);
    }

    private static IReadOnlyList<string> HostsIn(string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        return File.Exists(path) ? AllowList.Parse(File.ReadAllText(path), path) : [];
    }

    private static string ReadResource(string name)
    {
        Assembly assembly = typeof(RulePack).Assembly;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
