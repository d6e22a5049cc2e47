namespace Ashiato.Analysis.Rules;

/// <summary>
/// One detection rule: the header of its <c>.sql</c> file and the query. <see cref="Severity"/> is the default; a
/// query may return a <c>severity</c> column to raise or lower it per finding.
/// </summary>
/// <param name="Technique">MITRE ATT&amp;CK technique id, such as <c>T1003.007</c>.</param>
/// <param name="Source">Where the rule came from: <c>built-in</c> or the file's path.</param>
public sealed record RuleDefinition(
    string Id,
    string Title,
    Severity Severity,
    string Description,
    string Technique,
    string Remediation,
    string Sql,
    string Source);
