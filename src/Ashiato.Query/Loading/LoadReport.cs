namespace Ashiato.Query.Loading;

/// <summary>What loading traces did: rows loaded, lines skipped, and anything the user should know (a cut tail).</summary>
public sealed record LoadReport(long Rows, long SkippedLines, IReadOnlyList<string> Warnings);
