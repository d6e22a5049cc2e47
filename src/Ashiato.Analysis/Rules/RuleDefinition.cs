namespace Ashiato.Analysis.Rules;

/// <summary>
/// One detection rule: the header of its <c>.sql</c> file and the query. <see cref="Severity"/> is the default; a
/// query may return a <c>severity</c> column to raise or lower it per finding.
/// </summary>
/// <param name="Technique">MITRE ATT&amp;CK technique id, such as <c>T1003.007</c>.</param>
/// <param name="Source">Where the rule came from: <c>built-in</c> or the file's path.</param>
/// <param name="Phase">Where its findings sit in an attack's timeline (the optional <c>phase</c> header; the id without one).</param>
/// <param name="SqlLine">The file's line where the SQL starts, so that an error in it names its line.</param>
public sealed record RuleDefinition(
    string Id,
    string Title,
    Severity Severity,
    string Description,
    string Technique,
    string Remediation,
    string Sql,
    string Source,
    int SqlLine = 1,
    string Phase = "")
{
    /// <summary>Where the character at <paramref name="position"/> of the SQL is: <c>file:line</c>.</summary>
    public string Locate(int? position)
    {
        var line = SqlLine + (position is { } p ? Sql.AsSpan(0, Math.Clamp(p, 0, Sql.Length)).Count('\n') : 0);
        return $"{Source}:{line}";
    }
}
