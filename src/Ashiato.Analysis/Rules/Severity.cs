namespace Ashiato.Analysis.Rules;

/// <summary>How urgent a finding is. Ordered: a higher value is more severe.</summary>
public enum Severity
{
    Low = 1,
    Medium = 2,
    High = 3,
}
