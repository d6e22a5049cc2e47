using Ashiato.Events;

namespace Ashiato.Analysis.Rules;

/// <summary>Severities at the text edges: rule headers, rule results, the command line and JSON.</summary>
public static class SeverityNames
{
    public static string ToWire(this Severity severity) => severity switch
    {
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "low":
                severity = Severity.Low;
                return true;
            case "medium":
                severity = Severity.Medium;
                return true;
            case "high":
                severity = Severity.High;
                return true;
            default:
                severity = default;
                return false;
        }
    }

    public static Severity Parse(string text, string where) =>
        TryParse(text, out var severity) ? severity : throw new UserFacingException($"{where}: severity '{text}' is not low, medium or high");
}
