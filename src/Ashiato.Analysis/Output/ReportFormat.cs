namespace Ashiato.Analysis.Output;

/// <summary>How <c>ashiato detect</c> and <c>ashiato diff</c> print: text for people, json for tools, sarif for code scanning.</summary>
public enum ReportFormat
{
    Text,
    Json,
    Sarif,
}
